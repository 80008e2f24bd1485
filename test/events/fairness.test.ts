// Webhook fairness on the real server: receivers on 127.0.0.1 that never answer hold no more of
// the event worker than their target's and account's caps, so another account's healthy webhook
// gets all its events before the hanging ones have even timed out; and a webhook that keeps
// failing is left alone by its circuit breaker, its events kept for later.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const PER_TARGET = 4
const PER_ACCOUNT = 6

async function addWebhook(s: TestServer, token: string, uri: string): Promise<number> {
  const r = await s.request('/webhooks', { token, body: { uri } })
  assert.equal(r.status, 201, r.text)
  return r.body.id
}

async function dryruns(s: TestServer, token: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await s.request('/sms/dryrun', { token, body: { ...SMS, callback_data: `d${i}` } })
    assert.equal(r.status, 201, r.text)
  }
}

async function attemptsOf(s: TestServer, token: string, hookId: number): Promise<number> {
  const r = await s.request(`/webhooks/${hookId}/attempts`, { token })
  assert.equal(r.status, 200, r.text)
  return r.body['hydra:totalItems']
}

describe('webhook fairness: hanging targets beside a healthy one', () => {
  let s: TestServer
  let hanging1: Receiver
  let hanging2: Receiver
  let healthy: Receiver
  let other: { userId: number; token: string }
  let hook1: number
  before(async () => {
    // The worker has 16 places in all; each webhook may hold 4 and each account 6. A call may
    // take 120 s, far longer than this test runs: no hanging call ends while it runs.
    s = await startTestServer(
      { webhookAllowPrivate: true, webhookTimeoutMs: 120_000 },
      { events: { maxInFlight: 16, perTarget: PER_TARGET, perAccount: PER_ACCOUNT, idleMs: 20 } },
    )
    hanging1 = await startReceiver('hang')
    hanging2 = await startReceiver('hang')
    healthy = await startReceiver(200)
    other = await s.createAccount()
    hook1 = await addWebhook(s, s.token, `${hanging1.url}/hook`)
    await addWebhook(s, other.token, `${healthy.url}/hook`)
  })
  after(async () => {
    // Cut the hanging calls first: stopping the worker waits for what it has in flight.
    await hanging1.close()
    await hanging2.close()
    await s.close()
    await healthy.close()
  })

  it('a hanging webhook holds at most its cap; the healthy one of another account gets every event', async () => {
    await dryruns(s, s.token, 30)
    await waitFor(
      'the hanging webhook to hold its places',
      () => hanging1.received.length >= PER_TARGET,
    )
    await dryruns(s, other.token, 100)
    // Without the caps the 30 hanging calls took all 16 places and nothing else was sent until
    // they timed out (120 s).
    await waitFor('every healthy event', () => healthy.received.length === 100, 60_000)
    assert.equal(
      hanging1.received.length,
      PER_TARGET,
      'the hanging webhook got no more than its cap',
    )
    assert.equal(
      await attemptsOf(s, s.token, hook1),
      0,
      'no hanging call had ended (timed out) meanwhile',
    )
  })

  it("an account's hanging webhooks together hold at most the account's cap", async () => {
    const hook2 = await addWebhook(s, s.token, `${hanging2.url}/hook`)
    await dryruns(s, s.token, 30)
    await waitFor(
      'the second hanging webhook to take what the account has left',
      () => hanging2.received.length >= PER_ACCOUNT - PER_TARGET,
    )
    healthy.received.length = 0
    await dryruns(s, other.token, 100)
    await waitFor('every healthy event', () => healthy.received.length === 100, 60_000)
    assert.equal(hanging1.received.length, PER_TARGET)
    assert.equal(
      hanging2.received.length,
      PER_ACCOUNT - PER_TARGET,
      'the account as a whole holds no more than its cap',
    )
    assert.equal((await attemptsOf(s, s.token, hook1)) + (await attemptsOf(s, s.token, hook2)), 0)
  })
})

describe('webhook circuit breaker', () => {
  let s: TestServer
  let rx: Receiver
  let hookId: number
  before(async () => {
    // One call at a time to the webhook, so the breaker's count is exact; the clock stands still
    // unless the test moves it.
    s = await startTestServer(
      { webhookAllowPrivate: true, webhookRetryS: [60, 300, 1800] },
      {
        events: {
          perTarget: 1,
          idleMs: 20,
          breaker: { failures: 3, coolDownMs: 30_000, maxCoolDownMs: 300_000 },
        },
      },
    )
    rx = await startReceiver(503)
    hookId = await addWebhook(s, s.token, `${rx.url}/hook`)
  })
  after(async () => {
    await s.close()
    await rx.close()
  })

  const states = async () => {
    const rows = await s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select(['state', 'attempts'])
      .where('webhook_id', '=', hookId)
      .orderBy('id')
      .execute()
    return rows.map((r) => `${r.state}:${Number(r.attempts)}`)
  }

  it('after 3 failures in a row no more calls; the events wait with their attempts unspent; a probe closes it', async () => {
    await dryruns(s, s.token, 10)
    await waitFor(
      'three recorded failures',
      async () => (await attemptsOf(s, s.token, hookId)) === 3,
    )
    // The worker keeps looking (it polls every 20 ms); the open breaker sends nothing.
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(rx.received.length, 3, 'no call while the breaker is open')
    assert.deepEqual(await states(), [...Array(3).fill('pending:1'), ...Array(7).fill('pending:0')])

    // After the cool-down one probe goes; it succeeds, and the breaker lets the rest through.
    rx.fallback = 200
    s.clock.advance(30_000)
    s.ctx.deps.outbox.ready.notify()
    await waitFor(
      'the events never tried',
      async () => (await states()).filter((x) => x === 'delivered:1').length === 7,
    )
    assert.equal(rx.received.length, 10)
    // The three that failed come again at their retry time, as any failed event does.
    s.clock.advance(60_000)
    s.ctx.deps.outbox.ready.notify()
    await waitFor('the retries', async () =>
      (await states()).every((x) => x.startsWith('delivered')),
    )
    assert.deepEqual(await states(), [
      ...Array(3).fill('delivered:2'),
      ...Array(7).fill('delivered:1'),
    ])
  })
})
