import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startHousekeeping } from '../../src/app/housekeeping.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

// The report URLs of messages sent through the Kannel endpoint (mode B) go once their receipts
// can no longer come: without the sweep the table grows by a row per message for good.
describe('Kannel report URLs expire', () => {
  let s: TestServer
  let password: string
  before(async () => {
    s = await startTestServer()
    const key = await s.admin(`/admin/accounts/${s.userId}/keys`, {
      body: { name: 'kannel', type: 'kannel' },
    })
    assert.equal(key.status, 201, key.text)
    password = key.body.token
  })
  after(() => s.close())

  const send = async (tag: string) => {
    const q = new URLSearchParams({
      username: String(s.userId),
      password,
      to: '+491701234567',
      from: 'Taube',
      text: `report ${tag}`,
      'dlr-mask': '31',
      'dlr-url': `http://127.0.0.1:9/dlr?tag=${tag}&type=%d`,
    })
    const r = await s.request(`/api/kannel/direct.php?${q}`)
    assert.equal(r.status, 202, r.text)
  }
  const stored = async () =>
    (await s.ctx.deps.db.selectFrom('kannel_dlr_urls').select('url').orderBy('url').execute()).map(
      (r) => new URL(r.url).searchParams.get('tag'),
    )

  it('the sweep removes the URLs older than a week and keeps the rest', async () => {
    await send('old')
    s.clock.advance(4 * 86_400_000)
    await send('young')
    s.clock.advance(3 * 86_400_000 + 1000)
    assert.deepEqual(await stored(), ['old', 'young'])
    await startHousekeeping(s.ctx, 3_600_000)
    assert.deepEqual(await stored(), ['young'])
  })
})
