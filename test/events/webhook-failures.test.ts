import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import pino from 'pino'
import { SMTPServer } from 'smtp-server'
import { startEvents } from '../../src/app/events-runtime.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const HOUR_S = 3600

// The real server, a receiver on 127.0.0.1 that fails every call, a real SMTP server for the
// notices, and a fixed clock: retries come at once (TAUBE_WEBHOOK_RETRY_S=0,0: 3 attempts), and
// the period before a failing webhook is switched off passes when the test moves time on.
describe('a webhook whose events are given up', () => {
  let s: TestServer
  let rx: Receiver
  let smtp: SMTPServer
  let hookId: number
  let since: number
  const mails: { to: string[]; raw: string }[] = []
  const logs: Record<string, unknown>[] = []
  const uuids: string[] = []

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        let raw = ''
        stream.on('data', (d: Buffer) => (raw += d.toString('utf8')))
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
          callback()
        })
      },
    })
    smtp.listen(0, '127.0.0.1')
    await once(smtp.server, 'listening')
    s = await startTestServer(
      {
        webhookAllowPrivate: true,
        webhookRetryS: [0, 0],
        smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
        smtpFrom: 'notify@gateway.test',
        webhookDisableAfterS: HOUR_S,
        webhookDisableMinFailures: 4,
        webhookNoticeEveryS: 24 * HOUR_S,
        // Every call is to reach the receiver: the breaker, which would hold the events of a
        // failing target back unattempted, is tested in fairness.test.ts.
        webhookBreakerFailures: 1000,
      },
      { delivery: { idleMs: 20 } },
    )
    // The event worker logs into a stream the test reads.
    s.ctx.log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          for (const line of chunk.toString('utf8').split('\n'))
            if (line) logs.push(JSON.parse(line))
          done()
        },
      }),
    )
    await startEvents(s.ctx, { idleMs: 20 })
    rx = await startReceiver(503)
    const r = await s.request('/webhooks', {
      token: s.token,
      body: { uri: `${rx.url}/hook?key=secret-in-url`, notify_email: 'ops@customer.test' },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.notify_email, 'ops@customer.test')
    assert.equal(r.body.failing_since, null)
    assert.equal(r.body.failed_events, 0)
    hookId = r.body.id
  })
  after(async () => {
    await s.close()
    await rx.close()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
  })

  const send = async () => {
    const r = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal(r.status, 201, r.text)
    uuids.push(r.body.uuid)
    return r.body.uuid as string
  }
  const hook = async () => (await s.request(`/webhooks/${hookId}`, { token: s.token })).body
  const givenUp = (n: number) =>
    waitFor(`${n} events given up`, async () => (await hook()).failed_events === n)
  const metrics = async () => (await s.request('/metrics')).text
  const body = (raw: string) => raw.slice(raw.indexOf('\r\n\r\n') + 4).replace(/=\r?\n/g, '')

  it('logs and counts an event after its last attempt, and tells the account by email', async () => {
    since = s.clock.nowS()
    const uuid = await send()
    await givenUp(1)
    const calls = rx.json().filter((e) => e.data.id === uuid)
    assert.deepEqual(
      calls.map((e) => e.attempt_number),
      [1, 2, 3],
    )

    assert.match(
      await metrics(),
      /^taube_event_deliveries_given_up_total\{transport="http",reason="http_5xx"\} 1$/m,
    )
    const line = logs.find((l) => l.msg === 'event given up after its last attempt')
    assert.ok(line, 'logged')
    assert.equal(line.eventId, calls[0].id)
    assert.equal(line.webhookId, hookId)
    assert.equal(line.accountId, s.userId)
    assert.equal(line.reason, 'http_5xx')
    assert.equal(line.status, 503)
    const all = JSON.stringify(logs)
    assert.ok(
      !all.includes(SMS.text) && !all.includes('secret-in-url'),
      'no message text, no URL in the logs',
    )

    const mail = await waitFor('the notice', () => mails[0])
    assert.deepEqual(mail.to, ['ops@customer.test'])
    assert.match(mail.raw, new RegExp(`^Subject: Webhook ${hookId} is failing`, 'm'))
    assert.match(
      body(mail.raw),
      new RegExp(`POST /webhooks/${hookId}/replay \\{"since": ${since}\\}`),
    )
    assert.ok(!mail.raw.includes(SMS.text), 'no message text in the notice')

    const h = await hook()
    assert.equal(h.is_active, true)
    assert.equal(h.failing_since, since)
    assert.equal(h.disabled_at, null)
    assert.equal(h.disabled_reason, null)
  })

  it('tells the account once per period, and switches the webhook off after the period; then records no events for it', async () => {
    await send()
    await send()
    await givenUp(3)
    // The fourth is given up just short of an hour after the first: still on.
    await send()
    s.clock.advance(HOUR_S * 1000 - 1000)
    await givenUp(4)
    assert.equal(mails.length, 1, 'no second notice within the period')
    assert.equal((await hook()).is_active, true, 'not yet an hour of failure')

    s.clock.advance(1000)
    await send()
    const off = await waitFor('switched off', async () => {
      const h = await hook()
      return h.is_active === false ? h : undefined
    })
    assert.equal(off.disabled_reason, 'failing')
    assert.equal(off.disabled_at, s.clock.nowS())
    assert.equal(off.failed_events, 5)
    const mail = await waitFor('the second notice', () => mails[1])
    assert.match(
      mail.raw,
      new RegExp(`^Subject: Webhook ${hookId} switched off after failing`, 'm'),
    )
    assert.match(body(mail.raw), new RegExp(`PATCH /webhooks/${hookId} \\{"is_active": true\\}`))
    const m = await metrics()
    assert.match(m, /^taube_webhooks_disabled_total\{reason="failing"\} 1$/m)
    assert.match(
      m,
      /^taube_event_deliveries_given_up_total\{transport="http",reason="http_5xx"\} 5$/m,
    )
    assert.match(m, /^taube_webhook_failure_notices_total\{kind="disabled",outcome="sent"\} 1$/m)
    assert.ok(
      logs.some((l) => l.msg === 'webhook switched off: it kept failing' && l.webhookId === hookId),
    )

    const calls = rx.received.length
    const late = await send()
    // Its receipt (dlr_code 1) is the change that would record an event.
    await waitFor(
      'the late message delivered',
      async () => (await s.request(`/sms/${late}`, { token: s.token })).body.dlr_code === 1,
    )
    const rows = await s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select('id')
      .where('webhook_id', '=', hookId)
      .execute()
    assert.equal(rows.length, 5, 'no delivery recorded for a webhook switched off')
    await new Promise((r) => setTimeout(r, 100))
    assert.equal(rx.received.length, calls)
  })

  it('switched on again, gets every event given up since a time, once, in the order they happened', async () => {
    const on = await s.request(`/webhooks/${hookId}`, {
      token: s.token,
      method: 'PATCH',
      body: { is_active: true },
    })
    assert.equal(on.status, 200, on.text)
    assert.equal(on.body.is_active, true)
    assert.equal(on.body.disabled_at, null)
    assert.equal(on.body.disabled_reason, null)
    assert.equal(on.body.failing_since, null)
    assert.equal(on.body.failed_events, 0)

    rx.received.length = 0
    rx.fallback = 200
    // The first replayed event fails once: the others wait for it rather than overtake it.
    rx.answers.push(500)
    // Two replays side by side: each given-up event is taken by one of them.
    const [r, twin] = await Promise.all([
      s.request(`/webhooks/${hookId}/replay`, { token: s.token, body: { since } }),
      s.request(`/webhooks/${hookId}/replay`, { token: s.token, body: { since } }),
    ])
    assert.equal(r.status, 202, r.text)
    assert.equal(twin.status, 202, twin.text)
    assert.deepEqual([r.body.requeued, twin.body.requeued].sort(), [0, 5])
    assert.deepEqual(r.body.until, s.clock.nowS())
    await waitFor('the replayed events', () => rx.received.length === 6)
    const got = rx.json()
    const given = uuids.slice(0, 5)
    assert.equal(got[0].data.id, given[0])
    assert.deepEqual(
      got.slice(1).map((e) => e.data.id),
      given,
      'delivered in the order they happened',
    )
    assert.deepEqual(
      got.map((e) => e.attempt_number),
      [1, 2, 1, 1, 1, 1],
    )

    const again = await s.request(`/webhooks/${hookId}/replay`, { token: s.token, body: { since } })
    assert.equal(again.status, 202, again.text)
    assert.equal(again.body.requeued, 0, 'each given-up event is replayed once')
    const h = await hook()
    assert.equal(h.failing_since, null)
    assert.equal(h.is_active, true)
  })

  it('a delivery clears the failure record; the next event given up tells the account again', async () => {
    rx.fallback = 503
    await send()
    await givenUp(1)
    const told = await waitFor('a notice after the switch back on', () => mails[2])
    assert.match(told.raw, new RegExp(`^Subject: Webhook ${hookId} is failing`, 'm'))
    assert.equal((await hook()).failing_since, s.clock.nowS())

    rx.fallback = 200
    const ok = await send()
    await waitFor('delivered', () => rx.json().some((e) => e.data.id === ok))
    const cleared = await waitFor('the record cleared', async () => {
      const h = await hook()
      return h.failing_since === null ? h : undefined
    })
    assert.equal(cleared.failed_events, 0)

    rx.fallback = 503
    await send()
    await givenUp(1)
    const again = await waitFor('a notice after the delivery', () => mails[3])
    assert.match(again.raw, new RegExp(`^Subject: Webhook ${hookId} is failing`, 'm'))
    rx.fallback = 200
  })

  it('replay is refused for another account, for bad input and for a webhook that is off', async () => {
    const other = await s.createAccount()
    const foreign = await s.request(`/webhooks/${hookId}/replay`, {
      token: other.token,
      body: { since },
    })
    assert.equal(foreign.status, 404, foreign.text)
    assert.ok(foreign.headers.get('x-lox24-request-id'))
    const adminForeign = await s.admin(
      `/admin/accounts/${other.userId}/webhooks/${hookId}/replay`,
      { body: { since } },
    )
    assert.equal(adminForeign.status, 404, adminForeign.text)

    const bad: [unknown, string][] = [
      [{ since: s.clock.nowS() + 60 }, 'since'],
      [{ since: 'yesterday' }, 'since'],
      [{ since: String(since) }, 'since'],
      [{ since: -1 }, 'since'],
      [{ since: 1.5 }, 'since'],
      [{}, 'since'],
      [{ since, until: since - 1 }, 'until'],
      [{ since, until: 'now' }, 'until'],
    ]
    for (const [payload, field] of bad) {
      const r = await s.request(`/webhooks/${hookId}/replay`, { token: s.token, body: payload })
      assert.equal(r.status, 422, `${JSON.stringify(payload)}: ${r.text}`)
      assert.ok(
        r.body.violations.some((v: { propertyPath: string }) => v.propertyPath === field),
        `${JSON.stringify(payload)} names ${field}: ${r.text}`,
      )
    }
    const badId = await s.request('/webhooks/x1/replay', { token: s.token, body: { since } })
    assert.equal(badId.status, 400, badId.text)

    const admin = await s.admin(`/admin/accounts/${s.userId}/webhooks/${hookId}/replay`, {
      body: { since },
    })
    assert.equal(admin.status, 202, admin.text)
    assert.equal(admin.body.requeued, 2, 'the two given up since the last replay')

    await s.request(`/webhooks/${hookId}`, {
      token: s.token,
      method: 'PATCH',
      body: { is_active: false },
    })
    const inactive = await s.request(`/webhooks/${hookId}/replay`, {
      token: s.token,
      body: { since },
    })
    assert.equal(inactive.status, 409, inactive.text)
  })
})
