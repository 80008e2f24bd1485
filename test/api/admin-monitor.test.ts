// The operator's view of the gateway: the queue depth by state and the latest failures of every
// account (GET /admin/queue, /admin/failures/messages, /admin/failures/webhooks).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { smsRow } from '../helpers/sms-row.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

describe('operator API: queue depth and recent failures', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer()
  })
  after(() => s?.close())

  it('counts the messages waiting, by state, due now and later, and the event queue', async () => {
    const now = s.clock.nowS()
    for (const delivery_at of [0, 0, now + 3600]) {
      const r = await s.request('/sms', { token: s.token, body: { ...SMS, delivery_at } })
      assert.equal(r.status, 201, r.text)
    }
    const r = await s.admin('/admin/queue')
    assert.equal(r.status, 200, r.text)
    assert.equal(r.headers.get('cache-control'), 'no-store')
    assert.deepEqual(r.body, {
      messages: {
        scheduled: { due: 0, later: 1 },
        queued: { due: 2, later: 0 },
        submitting: { due: 0, later: 0 },
      },
      events: { due: 0, waiting: 0, delivering: 0 },
    })
  })

  it('lists the failed messages of every account, newest first, the phone masked', async () => {
    const other = await s.createAccount()
    const at = s.clock.nowS()
    await s.ctx.deps.db
      .insertInto('sms')
      .values([
        smsRow({
          uuid: '00000000-0000-7000-8000-00000000f001',
          account_id: s.userId,
          phone: '+4915123456789',
          state: 'rejected',
          status_code: 100,
          dlr_code: 16,
          status_detail: 'err:011',
          connector_id: 'simulator',
          updated_at: at - 10,
        }),
        smsRow({
          uuid: '00000000-0000-7000-8000-00000000f002',
          account_id: other.userId,
          phone: '+447700900123',
          iso2: 'GB',
          state: 'failed',
          status_code: 2010,
          status_detail: 'no route',
          updated_at: at,
        }),
      ])
      .execute()
    const r = await s.admin('/admin/failures/messages?per_page=1')
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body, {
      failures: [
        {
          uuid: '00000000-0000-7000-8000-00000000f002',
          account_id: other.userId,
          phone: '+*********123',
          iso2: 'GB',
          status: 'failed',
          status_code: 2010,
          dlr_code: 0,
          error: 'no route',
          connector_id: null,
          updated_at: at,
        },
      ],
      page: 1,
      per_page: 1,
      next_page: 2,
    })
    const next = await s.admin('/admin/failures/messages?per_page=1&page=2')
    assert.equal(next.status, 200, next.text)
    assert.equal(next.body.failures[0].uuid, '00000000-0000-7000-8000-00000000f001')
    assert.equal(next.body.failures[0].phone, '+**********789')
    assert.equal(next.body.failures[0].dlr_code, 16)
    assert.equal(next.body.failures[0].error, 'err:011')
    assert.equal(next.body.next_page, null)
  })

  it('lists the failed webhook attempts of every account, newest first', async () => {
    const attempt = (n: number, ok: number) => ({
      delivery_id: n,
      account_id: s.userId,
      webhook_id: 7,
      event_id: `evt-${n}`,
      event_name: 'sms.delivery',
      attempt_number: n,
      attempt_total: 5,
      attempted_at: 1_700_000_000 + n,
      ok,
      http_status: ok ? 204 : 503,
      error: ok ? null : 'HTTP 503',
      latency_ms: 3,
    })
    await s.ctx.deps.db
      .insertInto('event_attempts')
      .values([attempt(1, 0), attempt(2, 1), attempt(3, 0)])
      .execute()
    const r = await s.admin('/admin/failures/webhooks')
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(
      r.body.failures.map((f: any) => [f.event_id, f.webhook_id, f.http_status, f.error]),
      [
        ['evt-3', 7, 503, 'HTTP 503'],
        ['evt-1', 7, 503, 'HTTP 503'],
      ],
    )
    assert.equal(r.body.failures[0].account_id, s.userId)
    assert.equal(r.body.failures[0].attempt, 3)
    assert.equal(r.body.failures[0].attempts_total, 5)
    assert.equal(r.body.failures[0].attempted_at, 1_700_000_003)
    assert.equal(r.body.next_page, null)
    assert.equal(r.body.per_page, 25)
  })

  for (const [query, field] of [
    ['page=0', 'page'],
    ['page=x', 'page'],
    ['per_page=0', 'per_page'],
    ['per_page=101', 'per_page'],
  ] as const) {
    for (const path of ['/admin/failures/messages', '/admin/failures/webhooks']) {
      it(`${path}?${query} → 400 naming ${field}`, async () => {
        const r = await s.admin(`${path}?${query}`)
        assert.equal(r.status, 400, r.text)
        assert.equal(r.body.code, 'INVALID_QUERY_PARAMETER')
        assert.match(r.body['hydra:description'], new RegExp(`"${field}"`))
      })
    }
  }

  const paths = ['/admin/queue', '/admin/failures/messages', '/admin/failures/webhooks']
  for (const [i, path] of paths.entries()) {
    it(`${path} refuses a customer key and no credentials`, async () => {
      // An address of its own per path: three wrong tries block an address on /admin.
      const headers = { 'X-Forwarded-For': `10.31.0.${i + 1}` }
      assert.equal((await s.request(path, { token: s.token, headers })).status, 401)
      assert.equal((await s.request(path, { headers })).status, 401)
    })
  }
})
