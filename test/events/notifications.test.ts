import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { verifyWebhook } from '../../src/events/signing.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`

// The real server with delivery through the built-in simulator and the event worker, a real
// receiver on 127.0.0.1, and a fixed clock: retries come when the test moves time on.
describe('event notifications over HTTP', () => {
  let s: TestServer
  let rx: Receiver
  let hookId: number
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true, webhookRetryS: [60, 300, 1800] },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 } },
    )
    rx = await startReceiver()
    const r = await s.request('/webhooks', {
      token: s.token,
      body: { uri: `${rx.url}/hook`, secret: SECRET },
    })
    assert.equal(r.status, 201, r.text)
    hookId = r.body.id
  })
  after(async () => {
    await s.close()
    await rx.close()
  })
  beforeEach(() => {
    rx.received.length = 0
    rx.answers.length = 0
    rx.fallback = 200
  })

  const send = async (body: object = {}) => {
    const r = await s.request('/sms', { token: s.token, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const eventsFor = (uuid: string) => rx.json().filter((e) => e.data?.id === uuid)
  /**
   * Once the worker has recorded every attempt the receiver saw of the message's first event,
   * moves the clock past the next retry and wakes the worker.
   */
  const nextRetry = async (uuid: string, seconds: number) => {
    const first = eventsFor(uuid)[0]
    const seen = eventsFor(uuid).filter((e) => e.id === first.id).length
    await waitFor('the attempts recorded', async () => {
      const list = await s.request(`/webhooks/${hookId}/attempts?event_id=${first.id}`, {
        token: s.token,
      })
      return list.body['hydra:totalItems'] === seen
    })
    s.clock.advance(seconds * 1000)
    s.ctx.deps.outbox.ready.notify()
  }

  it('sms.delivery carries the callback_data of the message, in the spec envelope', async () => {
    const uuid = await send({ callback_data: 'abc-123' })
    const [event] = await waitFor('the delivery event', () => {
      const e = eventsFor(uuid)
      return e.length > 0 ? e : undefined
    })
    assert.equal(rx.received[0]!.method, 'POST')
    assert.equal(rx.received[0]!.url, '/hook')
    assert.match(String(rx.received[0]!.headers['content-type']), /^application\/json/)
    assert.deepEqual(Object.keys(event).sort(), [
      'api_version',
      'attempt_number',
      'attempt_total',
      'created_at',
      'data',
      'id',
      'name',
      'notification_task_id',
    ])
    assert.equal(event.name, 'sms.delivery')
    assert.equal(event.api_version, '2022-05-25')
    assert.equal(event.attempt_number, 1)
    assert.equal(event.attempt_total, 4)
    assert.equal(event.created_at, s.clock.nowS())
    assert.match(event.id, /^[0-9a-f-]{36}$/)
    assert.match(event.notification_task_id, /^[0-9a-f-]{36}$/)
    const sms = (await s.request(`/sms/${uuid}`, { token: s.token })).body
    assert.deepEqual(event.data, {
      id: uuid,
      key_id: sms.key_id,
      dlr_code: 1,
      status_code: 100,
      status_reason: 'sent',
      callback_data: 'abc-123',
    })
  })

  it('signs each call so the receiver can verify it with the secret (Standard Webhooks)', async () => {
    const uuid = await send()
    await waitFor('the event', () => eventsFor(uuid).length === 1)
    const call = rx.received.find((c) => JSON.parse(c.body).data.id === uuid)!
    const h = call.headers as Record<string, string>
    assert.equal(h['webhook-id'], JSON.parse(call.body).id)
    assert.equal(Number(h['webhook-timestamp']), s.clock.nowS())
    assert.match(h['webhook-signature']!, /^v1,/)
    assert.match(h['x-lox24-request-id']!, /^[0-9a-f]{32}$/)
    const headers = {
      'webhook-id': h['webhook-id']!,
      'webhook-timestamp': h['webhook-timestamp']!,
      'webhook-signature': h['webhook-signature']!,
    }
    assert.equal(verifyWebhook(SECRET, headers, call.body, s.clock.nowS()), true)
    assert.equal(
      verifyWebhook(
        SECRET,
        headers,
        call.body.replace('"dlr_code":1', '"dlr_code":16'),
        s.clock.nowS(),
      ),
      false,
    )
    const other = `whsec_${Buffer.alloc(32, 1).toString('base64')}`
    assert.equal(verifyWebhook(other, headers, call.body, s.clock.nowS()), false)
  })

  it('a receiver answering 500, 500, 200 sees attempts 1, 2, 3 of one event', async () => {
    rx.answers.push(500, 500)
    const uuid = await send({ callback_data: 'retry-me' })
    await waitFor('attempt 1', () => eventsFor(uuid).length === 1)
    await nextRetry(uuid, 60)
    await waitFor('attempt 2', () => eventsFor(uuid).length === 2)
    await nextRetry(uuid, 300)
    await waitFor('attempt 3', () => eventsFor(uuid).length === 3)
    const attempts = eventsFor(uuid)
    assert.deepEqual(
      attempts.map((e) => e.attempt_number),
      [1, 2, 3],
    )
    assert.equal(new Set(attempts.map((e) => e.id)).size, 1, 'one event id across attempts')
    assert.equal(new Set(attempts.map((e) => e.notification_task_id)).size, 1)
    await nextRetry(uuid, 1800)
    await new Promise((r) => setTimeout(r, 150))
    assert.equal(eventsFor(uuid).length, 3, 'delivered: no fourth attempt')

    const list = await s.request(`/webhooks/${hookId}/attempts?event_id=${attempts[0].id}`, {
      token: s.token,
    })
    assert.equal(list.status, 200, list.text)
    assert.deepEqual(
      list.body['hydra:member'].map((a: any) => [a.attempt_number, a.ok, a.http_status]),
      [
        [3, true, 200],
        [2, false, 500],
        [1, false, 500],
      ],
    )
    assert.ok(
      list.body['hydra:member'].every(
        (a: any) => a.event_name === 'sms.delivery' && a.latency_ms >= 0,
      ),
    )
  })

  it('a dead receiver gets exactly 4 attempts, then the event is given up', async () => {
    rx.fallback = 503
    const uuid = await send()
    await waitFor('attempt 1', () => eventsFor(uuid).length === 1)
    for (const [delay, n] of [
      [60, 2],
      [300, 3],
      [1800, 4],
    ] as const) {
      await nextRetry(uuid, delay)
      await waitFor(`attempt ${n}`, () => eventsFor(uuid).length === n)
    }
    await nextRetry(uuid, 24 * 3600)
    await new Promise((r) => setTimeout(r, 150))
    assert.deepEqual(
      eventsFor(uuid).map((e) => e.attempt_number),
      [1, 2, 3, 4],
    )
    const failed = await s.request(
      `/webhooks/${hookId}/attempts?ok=false&event_id=${eventsFor(uuid)[0].id}`,
      {
        token: s.token,
      },
    )
    assert.equal(failed.body['hydra:totalItems'], 4)
  })

  it('a receiver that does not answer in time counts as a failure', async () => {
    rx.answers.push('hang')
    const uuid = await send()
    await waitFor('attempt 1', () => eventsFor(uuid).length === 1)
    const attempts = await waitFor('the timeout recorded', async () => {
      const list = await s.request(
        `/webhooks/${hookId}/attempts?event_id=${eventsFor(uuid)[0].id}`,
        { token: s.token },
      )
      return list.body['hydra:totalItems'] === 1 ? list.body['hydra:member'] : undefined
    })
    assert.equal(attempts[0].ok, false)
    assert.equal(attempts[0].http_status, null)
    assert.equal(attempts[0].error, 'timeout')
    await nextRetry(uuid, 60)
    await waitFor('attempt 2', () => eventsFor(uuid).length === 2)
  })

  it('replays an event on request as a new task', async () => {
    const uuid = await send({ callback_data: 'again' })
    await waitFor('the event', () => eventsFor(uuid).length === 1)
    const first = eventsFor(uuid)[0]
    const r = await s.request(`/webhooks/${hookId}/events/${first.id}/replay`, {
      token: s.token,
      method: 'POST',
    })
    assert.equal(r.status, 202, r.text)
    assert.equal(r.body.event_id, first.id)
    await waitFor('the replay', () => eventsFor(uuid).length === 2)
    const again = eventsFor(uuid)[1]
    assert.equal(again.id, first.id)
    assert.equal(again.attempt_number, 1)
    assert.notEqual(again.notification_task_id, first.notification_task_id)
    assert.equal(again.notification_task_id, r.body.notification_task_id)
    assert.deepEqual(again.data, first.data)
    const missing = await s.request(
      `/webhooks/${hookId}/events/0190a3b2-0000-7000-8000-000000000000/replay`,
      {
        token: s.token,
        method: 'POST',
      },
    )
    assert.equal(missing.status, 404)
  })

  it('dryrun produces sms.delivery.dryrun with dlr_code 0', async () => {
    const r = await s.request('/sms/dryrun', {
      token: s.token,
      body: { ...SMS, callback_data: 'dry-1' },
    })
    assert.equal(r.status, 201, r.text)
    const event = await waitFor('the dryrun event', () =>
      rx.json().find((e) => e.name === 'sms.delivery.dryrun'),
    )
    assert.deepEqual(event.data, {
      id: '11111111-2222-3333-4444-555555555555',
      key_id: r.body.key_id,
      dlr_code: 0,
      status_code: 0,
      status_reason: 'new',
      callback_data: 'dry-1',
    })
    assert.equal(event.attempt_total, 4)
  })

  it('a webhook only for other events hears nothing of deliveries', async () => {
    const other = await startReceiver()
    try {
      const hook = await s.request('/webhooks', {
        token: s.token,
        body: { uri: `${other.url}/in`, events: ['sms.incoming'] },
      })
      assert.equal(hook.status, 201)
      const uuid = await send()
      await waitFor('the main hook heard it', () => eventsFor(uuid).length === 1)
      await new Promise((r) => setTimeout(r, 100))
      assert.equal(other.received.length, 0)
      await s.request(`/webhooks/${hook.body.id}`, { token: s.token, method: 'DELETE' })
    } finally {
      await other.close()
    }
  })

  it('events of one message reach a target in order, even across retries', async () => {
    // A two-part message: the first part's receipt makes dlr_code 2 (pending), the second 1.
    // The first event fails once; the second waits for it instead of overtaking it.
    rx.answers.push(500)
    const uuid = await send({ text: 'x'.repeat(200) })
    await waitFor('the first event, attempt 1', () => eventsFor(uuid).length === 1)
    const other = await send()
    await waitFor('another message is not held up', () => eventsFor(other).length === 1)
    assert.equal(eventsFor(uuid).length, 1, 'the second event of the message waits')
    await nextRetry(uuid, 60)
    await waitFor('both events', () => eventsFor(uuid).length === 3)
    assert.deepEqual(
      eventsFor(uuid).map((e) => [e.data.dlr_code, e.attempt_number]),
      [
        [2, 1],
        [2, 2],
        [1, 1],
      ],
    )
  })
})

describe('legacy DLR push', () => {
  let s: TestServer
  let rx: Receiver
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 } },
    )
    rx = await startReceiver()
    const r = await s.admin(`/admin/accounts/${s.userId}`, {
      method: 'PATCH',
      body: { push_url: `${rx.url}/dlr.php?site=7` },
    })
    assert.equal(r.status, 200, r.text)
  })
  after(async () => {
    await s.close()
    await rx.close()
  })

  it('sends the DLR as a GET with the message id, codes and callback_data', async () => {
    const sent = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, callback_data: 'order-77' },
    })
    assert.equal(sent.status, 201)
    const call = await waitFor('the push', () => rx.received[0])
    assert.equal(call.method, 'GET')
    const url = new URL(call.url, rx.url)
    assert.equal(url.pathname, '/dlr.php')
    const q = Object.fromEntries(url.searchParams)
    assert.deepEqual(q, {
      site: '7',
      id: sent.body.uuid,
      uuid: sent.body.uuid,
      dlr_code: '1',
      status_code: '100',
      key_id: String(sent.body.key_id),
      callback_data: 'order-77',
      phone: SMS.phone,
      time: String(s.clock.nowS()),
    })
  })
})

describe('event notifications by email', () => {
  let s: TestServer
  let smtp: SMTPServer
  const mails: { from: string; to: string[]; raw: string }[] = []
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // No reverse DNS of the client: tests reach nothing outside loopback.
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        let raw = ''
        stream.on('data', (d: Buffer) => (raw += d.toString('utf8')))
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          })
          callback()
        })
      },
    })
    smtp.listen(0, '127.0.0.1')
    await once(smtp.server, 'listening')
    const port = (smtp.server.address() as AddressInfo).port
    s = await startTestServer(
      {
        webhookAllowPrivate: true,
        smtpUrl: `smtp://127.0.0.1:${port}`,
        smtpFrom: 'notify@gateway.test',
      },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 } },
    )
    const r = await s.request('/webhooks', { token: s.token, body: { uri: 'ops@customer.test' } })
    assert.equal(r.status, 201, r.text)
  })
  after(async () => {
    await s.close()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
  })

  it('sends the event JSON as the body of one mail, in one attempt', async () => {
    const sent = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, callback_data: 'mail-1' },
    })
    assert.equal(sent.status, 201)
    await waitFor('the mail', () => mails.length === 1)
    await new Promise((r) => setTimeout(r, 200))
    assert.equal(mails.length, 1, 'exactly one mail')
    const mail = mails[0]!
    assert.equal(mail.from, 'notify@gateway.test')
    assert.deepEqual(mail.to, ['ops@customer.test'])
    assert.match(mail.raw, /^Subject: Event sms\.delivery/m)
    const body = mail.raw.slice(mail.raw.indexOf('\r\n\r\n') + 4)
    const event = JSON.parse(decodeQuotedPrintable(body))
    assert.equal(event.name, 'sms.delivery')
    assert.equal(event.attempt_total, 1)
    assert.equal(event.attempt_number, 1)
    assert.equal(event.data.id, sent.body.uuid)
    assert.equal(event.data.callback_data, 'mail-1')
  })
})

/** Enough of RFC 2045 quoted-printable for a JSON body: soft line breaks and =XX escapes. */
function decodeQuotedPrintable(text: string): string {
  const bytes = Buffer.from(
    text
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  )
  return bytes.toString('utf8')
}
