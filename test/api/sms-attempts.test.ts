// The webhook attempts of an SMS (GET /sms/{uuid}/attempts): the real server delivering through
// the simulator, the event worker calling a real receiver on 127.0.0.1 that answers 500 first and
// 200 then, and a fixed clock: the retry comes when the test moves time on.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const UNKNOWN = '00000000-0000-7000-8000-000000000000'

describe('SMS webhook attempts', () => {
  let s: TestServer
  let rx: Receiver
  let hookId: number

  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true, webhookRetryS: [60, 300] },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 } },
    )
    rx = await startReceiver()
    const r = await s.request('/webhooks', {
      token: s.token,
      body: { uri: `${rx.url}/hook`, events: ['sms.delivery'] },
    })
    assert.equal(r.status, 201, r.text)
    hookId = r.body.id
  })
  after(async () => {
    await s?.close()
    await rx?.close()
  })

  const send = async (body: object = {}) => {
    const r = await s.request('/sms', { token: s.token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const attempts = (uuid: string, token = s.token, query = '') =>
    s.request(`/sms/${uuid}/attempts${query}`, { token })
  const eventsFor = (uuid: string) => rx.json().filter((e) => e.data?.id === uuid)
  const listed = (uuid: string, n: number) =>
    waitFor(`${n} attempts listed`, async () => {
      const r = await attempts(uuid)
      return r.body['hydra:totalItems'] === n ? r.body : undefined
    })

  it('lists a failed attempt with its next retry, then the retry that delivered', async () => {
    rx.answers.push(500)
    const uuid = await send({ callback_data: 'attempts' })
    await waitFor('attempt 1', () => eventsFor(uuid).length === 1)
    const first = await listed(uuid, 1)
    assert.equal(first['@id'], `/sms/${uuid}/attempts`)
    assert.equal(first['@type'], 'hydra:Collection')
    const [a1] = first['hydra:member']
    assert.equal(a1.attempt_number, 1)
    assert.equal(a1.ok, false)
    assert.equal(a1.http_status, 500)
    assert.equal(a1.webhook_id, hookId)
    assert.equal(a1.url, `${rx.url}/hook`)
    assert.equal(a1.transport, 'http')
    assert.equal(a1.event_name, 'sms.delivery')
    assert.equal(a1.event_id, eventsFor(uuid)[0].id)
    assert.equal(a1.attempted_at, s.clock.nowS())
    assert.equal(a1.next_retry_at, s.clock.nowS() + 60, 'the first retry, 60 s on')
    assert.ok(a1.latency_ms >= 0)

    s.clock.advance(60_000)
    s.ctx.deps.outbox.ready.notify()
    await waitFor('attempt 2', () => eventsFor(uuid).length === 2)
    const both = await listed(uuid, 2)
    assert.deepEqual(
      both['hydra:member'].map((a: any) => [
        a.event_id,
        a.attempt_number,
        a.ok,
        a.http_status,
        a.error,
        a.next_retry_at,
      ]),
      [
        [a1.event_id, 1, false, 500, a1.error, null],
        [a1.event_id, 2, true, 200, null, null],
      ],
    )
    assert.equal(both['hydra:member'][1].attempted_at, a1.attempted_at + 60)

    // Newest first on request; a filter narrows the list and its total.
    const failed = await attempts(uuid, s.token, '?ok=false&_order[attempted_at]=desc')
    assert.equal(failed.status, 200, failed.text)
    assert.deepEqual(
      failed.body['hydra:member'].map((a: any) => a.http_status),
      [500],
    )
    assert.equal(failed.body['hydra:totalItems'], 1)
  })

  it('keeps the attempts of an event given up and replayed with its message', async () => {
    rx.answers.push(500, 500, 500)
    const uuid = await send()
    await waitFor('attempt 1', () => eventsFor(uuid).length === 1)
    await listed(uuid, 1)
    s.clock.advance(60_000)
    s.ctx.deps.outbox.ready.notify()
    await listed(uuid, 2)
    s.clock.advance(300_000)
    s.ctx.deps.outbox.ready.notify()
    const given = await listed(uuid, 3)
    assert.deepEqual(
      given['hydra:member'].map((a: any) => [a.attempt_number, a.http_status, a.next_retry_at]),
      [
        [1, 500, null],
        [2, 500, null],
        [3, 500, null],
      ],
      'given up after the third: no retry ahead',
    )
    // The replay orders the webhook's given-up events by webhook, not by message.
    const replay = await s.request(`/webhooks/${hookId}/replay`, {
      token: s.token,
      body: { since: s.clock.nowS() },
    })
    assert.equal(replay.status, 202, replay.text)
    assert.equal(replay.body.requeued, 1)
    const all = await listed(uuid, 4)
    const last = all['hydra:member'][3]
    assert.deepEqual(
      [last.event_id, last.attempt_number, last.ok, last.http_status],
      [given['hydra:member'][0].event_id, 1, true, 200],
    )
  })

  it('lists nothing for an SMS whose events no webhook took', async () => {
    const uuid = await send({ delivery_at: s.clock.nowS() + 3600 })
    const r = await attempts(uuid)
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body['hydra:member'], [])
    assert.equal(r.body['hydra:totalItems'], 0)
  })

  it("answers 404 for another account's SMS and for an unknown one", async () => {
    const uuid = await send({ delivery_at: s.clock.nowS() + 3600 })
    const other = await s.createAccount()
    const theirs = await attempts(uuid, other.token)
    assert.equal(theirs.status, 404, theirs.text)
    assert.equal(theirs.body.code, 'SMS_NOT_FOUND')
    assert.doesNotMatch(theirs.text, /hook|attempt_number/)
    const unknown = await attempts(UNKNOWN)
    assert.equal(unknown.status, 404, unknown.text)
    assert.equal(unknown.body.code, 'SMS_NOT_FOUND')
  })

  it('refuses a uuid that is not one and a malformed filter, naming them', async () => {
    const bad = await attempts('not-a-uuid')
    assert.equal(bad.status, 400, bad.text)
    assert.equal(bad.body.code, 'INVALID_PATH_PARAMETER')
    assert.match(bad.body['hydra:description'], /^Path parameter "uuid": /)
    const uuid = await send({ delivery_at: s.clock.nowS() + 3600 })
    const malformed = await attempts(uuid, s.token, '?attempted_at[gte]=soon')
    assert.equal(malformed.status, 400, malformed.text)
    assert.equal(malformed.body.code, 'INVALID_QUERY_PARAMETER')
    assert.match(malformed.body['hydra:description'], /attempted_at\[gte\]/)
    const none = await s.request(`/sms/${uuid}/attempts`)
    assert.equal(none.status, 401, none.text)
  })
})
