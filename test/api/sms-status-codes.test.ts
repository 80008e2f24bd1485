import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS_STATUS, type SmsStatusCode } from '../../src/domain/message/status.js'
import { LOX24_SMS_STATUS_CODES, STATUS_REASONS } from '../../src/domain/message/lox24-status.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const STORED_CODES = Object.values(SMS_STATUS) as SmsStatusCode[]

// The official LOX24 client throws on a status_code outside its SmsStatus enum, on the single
// SMS and on the whole list page: only the spec's values may go out, the finer reason beside them.
const SPEC_CODES = [0, 100, 208, 410, 2000, 3000, 5000]

describe('status_code on the LOX24 API', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer({}, { delivery: { idleMs: 20 } })
  })
  after(() => s.close())

  it("the table of shown codes is the spec's", () => {
    assert.deepEqual([...LOX24_SMS_STATUS_CODES], SPEC_CODES)
  })

  it('a message no route carries shows 2000 with status_reason no_route, and in its event', async () => {
    const hook = await s.request('/webhooks', {
      token: s.token,
      body: { uri: 'ops@customer.test' },
    })
    assert.equal(hook.status, 201, hook.text)
    const routes = (await s.admin('/admin/routes')).body.routes as {
      id: number
      prefix: string | null
    }[]
    for (const r of routes.filter((x) => x.prefix === null)) {
      assert.ok((await s.admin(`/admin/routes/${r.id}`, { method: 'DELETE' })).status < 300)
    }
    const sent = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, phone: '+33612345678' },
    })
    assert.equal(sent.status, 201, sent.text)
    const uuid = sent.body.uuid as string
    const one = await waitFor('the no-route failure', async () => {
      const r = await s.request(`/sms/${uuid}`, { token: s.token })
      return r.body.dlr_code !== 0 ? r : undefined
    })
    assert.equal(one.status, 200)
    assert.equal(one.body.status_code, 2000)
    assert.equal(one.body.status_reason, 'no_route')
    const stored = await s.ctx.deps.db
      .selectFrom('sms')
      .select('status_code')
      .where('uuid', '=', uuid)
      .executeTakeFirstOrThrow()
    assert.equal(stored.status_code, SMS_STATUS.NO_ROUTE, 'the store keeps the finer code')

    const list = await s.request('/sms', { token: s.token })
    const member = list.body['hydra:member'].find((m: { uuid: string }) => m.uuid === uuid)
    assert.equal(member.status_code, 2000)
    assert.equal(member.status_reason, 'no_route')
    const filtered = await s.request('/sms?status_code=2000', { token: s.token })
    assert.deepEqual(
      filtered.body['hydra:member'].map((m: { uuid: string }) => m.uuid),
      [uuid],
      'a filter on 2000 finds it',
    )

    const events = await s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select('data')
      .where('name', '=', 'sms.delivery')
      .execute()
    const data = events.map((e) => JSON.parse(e.data)).find((d) => d.id === uuid)
    assert.ok(data, 'an sms.delivery event was recorded')
    assert.equal(data.status_code, 2000)
    assert.equal(data.status_reason, 'no_route')
  })

  it('every status the store can hold goes out as a spec value', async () => {
    const created = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, delivery_at: s.clock.nowS() + 86_400 },
    })
    assert.equal(created.status, 201, created.text)
    const uuid = created.body.uuid as string
    const reasons = new Set<string>()
    for (const code of STORED_CODES) {
      await s.ctx.deps.db
        .updateTable('sms')
        .set({ status_code: code })
        .where('uuid', '=', uuid)
        .execute()
      const one = await s.request(`/sms/${uuid}`, { token: s.token })
      assert.equal(one.status, 200, one.text)
      assert.ok(
        SPEC_CODES.includes(one.body.status_code),
        `${code} shows as ${one.body.status_code}`,
      )
      assert.ok((STATUS_REASONS as readonly string[]).includes(one.body.status_reason))
      reasons.add(one.body.status_reason)
      const page = await s.request(`/sms?uuid=${uuid}`, { token: s.token })
      assert.equal(page.status, 200, page.text)
      assert.equal(page.body['hydra:member'][0].status_code, one.body.status_code)
    }
    assert.equal(reasons.size, STORED_CODES.length, 'each stored code keeps its own reason')
  })
})
