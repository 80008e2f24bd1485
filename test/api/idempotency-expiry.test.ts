import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startHousekeeping } from '../../src/app/housekeeping.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const SMS = {
  phone: '+4915112345678',
  sender_id: 'Taube',
  text: 'Your code is 1234',
  service_code: 'direct',
}

describe('Idempotency-Keys expire', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: false })
  })
  after(() => s.close())

  const send = (key: string) =>
    s.request('/sms', { token: s.token, body: SMS, headers: { 'Idempotency-Key': key } })
  const storedKeys = async () =>
    (
      await s.ctx.deps.db
        .selectFrom('idempotency_keys')
        .select('idem_key')
        .orderBy('idem_key')
        .execute()
    ).map((r) => r.idem_key)

  it('the sweep removes the keys whose 24 hours have passed and keeps the rest', async () => {
    assert.equal((await send('old-1')).status, 201)
    assert.equal((await send('old-2')).status, 201)
    s.clock.advance(12 * 3600 * 1000)
    assert.equal((await send('young')).status, 201)
    s.clock.advance(12 * 3600 * 1000 + 1000)
    assert.deepEqual(await storedKeys(), ['old-1', 'old-2', 'young'])

    await startHousekeeping(s.ctx, 3_600_000)

    assert.deepEqual(await storedKeys(), ['young'])
    const again = await send('young')
    assert.equal(
      again.headers.get('idempotent-replayed'),
      'true',
      'a key within its window still answers',
    )
  })
})
