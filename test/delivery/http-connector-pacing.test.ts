// The HTTP connector's pacing (throughputPerS, maxConcurrent) and stop(), against a real carrier
// on 127.0.0.1. Assertions are on counts and order, never on how fast anything went.
import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import pino from 'pino'
import type { Connector, OutboundMessage } from '../../src/delivery/connectors/connector.js'
import type { HttpConnectorConfig } from '../../src/delivery/connectors/http/http-config.js'
import { createHttpConnector } from '../../src/delivery/connectors/http/http-connector.js'
import { waitFor } from '../helpers/wait-for.js'

type Arrival = { ref: string; atMs: number }

/**
 * A carrier that records when each request arrives, answers `OK` after `holdMs`, and counts the
 * requests it has not answered yet (open), with the highest count seen (peak).
 */
async function startCarrier() {
  const seen: Arrival[] = []
  const state = { holdMs: 0, open: 0, peak: 0, onArrival: (): void => undefined }
  const server: Server = createServer((req, res) => {
    // Stamped on arrival, before the body is read: the moment the connector let it go.
    const atMs = performance.now()
    const ref = new URL(req.url!, 'http://carrier').searchParams.get('ref') ?? ''
    seen.push({ ref, atMs })
    state.peak = Math.max(state.peak, ++state.open)
    state.onArrival()
    req.resume()
    setTimeout(() => {
      // Counted as closed before the answer goes out, so the connector cannot see it earlier.
      state.open--
      res.end('OK')
    }, state.holdMs)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as { port: number }).port
  return {
    base: `http://127.0.0.1:${port}`,
    seen,
    state,
    refs: () => seen.map((a) => a.ref).sort(),
    reset() {
      seen.length = 0
      Object.assign(state, { holdMs: 0, open: 0, peak: 0, onArrival: () => undefined })
    },
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

/** The most timestamps that fall in any half-open window [t, t + windowMs). */
function busiestWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < t.length; i++) {
    while (j < t.length && t[j]! < t[i]! + windowMs) j++
    most = Math.max(most, j - i)
  }
  return most
}

const log = pino({ level: 'silent' })
const sink = { report: async () => undefined, mo: async () => null }
const message = (n: number): OutboundMessage => ({
  smsId: `sms-${n}`,
  phone: '+491701234567',
  senderId: 'Taube',
  text: 'pacing',
  isUnicode: false,
  parts: 1,
  validUntilMs: null,
})
const batch = (n: number) => Array.from({ length: n }, (_, i) => message(i))
// idFrom none: the carrier id is our sms id, so each outcome names the message it belongs to.
const acked = (m: OutboundMessage) => ({ ok: true, carrierIds: [m.smsId] })
/** Submits each message; `order` records which settled when, for checks against stop(). */
const submitAll = (c: Connector, msgs: OutboundMessage[], order: string[]) =>
  msgs.map((m) =>
    c.submit(m).then((o) => {
      order.push(m.smsId)
      return o
    }),
  )

describe('HTTP carrier connector: pacing and stop', () => {
  let carrier: Awaited<ReturnType<typeof startCarrier>>

  before(async () => {
    carrier = await startCarrier()
  })
  after(() => carrier.close())
  beforeEach(() => carrier.reset())

  const connectorFor = (extra: Partial<HttpConnectorConfig>) =>
    createHttpConnector(
      'carrier',
      {
        url: `${carrier.base}/send`,
        params: { to: '{to}', text: '{text}', ref: '{id}' },
        callbackToken: 'carrier-callback-token-0123',
        dlr: { idParam: 'msgid', statusParam: 'status', statusMap: {} },
        ...extra,
      },
      sink,
      log,
    )

  it('lets at most 1 + throughputPerS requests reach the carrier in any second', async () => {
    const c = connectorFor({ throughputPerS: 20 })
    await c.start()
    try {
      const msgs = batch(30)
      const startedAt = performance.now()
      const outcomes = await Promise.all(msgs.map((m) => c.submit(m)))
      assert.deepEqual(outcomes, msgs.map(acked))
      assert.deepEqual(carrier.refs(), msgs.map((m) => m.smsId).sort(), 'each sent once')
      // The bucket starts with its burst of 1 token and refills 20 a second: the 30th request
      // leaves 29 / 20 s after the first at the earliest, and no arrival precedes its sending, so
      // this holds however late the receiver gets to a request (a burst 3 would take 1.35 s).
      const last = Math.max(...carrier.seen.map((a) => a.atMs))
      assert.ok(
        last - startedAt >= 1450 - 10,
        `all 30 arrived within ${Math.round(last - startedAt)} ms`,
      )
      // No burst: any closed second holds at most 1 + 20 sends. Arrivals are timed by the
      // receiver, on the same busy event loop: one that stalls lets a request or two that were
      // sent in time be seen together with later ones, so two more are tolerated here.
      const busiest = busiestWindow(
        carrier.seen.map((a) => a.atMs),
        1000,
      )
      assert.ok(busiest <= 23, `${busiest} requests arrived within one second`)
    } finally {
      await c.stop()
    }
  })

  it('keeps at most maxConcurrent requests open at the carrier', async () => {
    carrier.state.holdMs = 100
    const c = connectorFor({ maxConcurrent: 3 })
    await c.start()
    // The connector's own count, at each arrival: it queues for a slot itself rather than
    // leaving the queueing to the HTTP agent (whose queue time would eat into timeoutMs).
    const inFlight: number[] = []
    carrier.state.onArrival = () => void inFlight.push(c.stats().inFlight)
    try {
      const msgs = batch(10)
      const outcomes = await Promise.all(msgs.map((m) => c.submit(m)))
      assert.deepEqual(outcomes, msgs.map(acked))
      assert.deepEqual(carrier.refs(), msgs.map((m) => m.smsId).sort(), 'each sent once')
      assert.equal(carrier.state.peak, 3, 'never more than 3 open, and the 3 are used')
      assert.equal(inFlight.length, 10)
      assert.ok(
        inFlight.every((n) => n <= 3),
        `in flight at arrivals: ${inFlight.join(',')}`,
      )
      assert.equal(c.stats().inFlight, 0)
    } finally {
      await c.stop()
    }
  })

  it('stop() lets requests at the carrier finish first, and refuses later submits', async () => {
    carrier.state.holdMs = 300
    const c = connectorFor({})
    await c.start()
    const msgs = batch(5)
    const order: string[] = []
    const pending = submitAll(c, msgs, order)
    await waitFor('5 requests open at the carrier', () => carrier.state.open === 5)
    const stopped = c.stop().then(() => order.push('stopped'))
    assert.equal(c.isUp(), false, 'down as soon as stop() begins')

    const outcomes = await Promise.all(pending)
    await stopped
    assert.deepEqual(outcomes, msgs.map(acked), 'the carrier answered each, so each is ok')
    assert.equal(order.length, 6)
    assert.equal(order.at(-1), 'stopped', `every submit resolved before stop(): ${order.join(',')}`)
    assert.deepEqual(carrier.refs(), msgs.map((m) => m.smsId).sort(), 'exactly those requests')
    assert.equal(carrier.state.open, 0)

    const late = await c.submit(message(99))
    assert.equal(late.ok, false)
    assert.equal(!late.ok && late.retry, true, 'a submit after stop() is a retry')
    assert.equal(carrier.seen.length, 5, 'and never reaches the carrier')
  })

  it('stop() answers submits still waiting for a slot with a retry, unsent', async () => {
    carrier.state.holdMs = 300
    const c = connectorFor({ maxConcurrent: 2 })
    await c.start()
    const msgs = batch(5)
    const order: string[] = []
    const pending = submitAll(c, msgs, order)
    await waitFor('2 requests open at the carrier', () => carrier.state.open === 2)
    const stopped = c.stop().then(() => order.push('stopped'))
    const outcomes = await Promise.all(pending)
    await stopped

    assert.equal(order.at(-1), 'stopped', `every submit resolved before stop(): ${order.join(',')}`)
    // Slots go in submit order: the first two were at the carrier, the other three waited.
    assert.deepEqual(outcomes.slice(0, 2), msgs.slice(0, 2).map(acked))
    for (const o of outcomes.slice(2)) {
      assert.equal(o.ok, false)
      assert.equal(!o.ok && o.retry, true, JSON.stringify(o))
    }
    assert.deepEqual(carrier.refs(), ['sms-0', 'sms-1'], 'the waiting ones were never sent')
  })

  // At 1 request per 100 s, stop() waiting out the rate limit would outlast the test's timeout.
  it(
    'stop() answers submits still waiting for the rate limit with a retry, unsent',
    { timeout: 20_000 },
    async () => {
      carrier.state.holdMs = 300
      const c = connectorFor({ throughputPerS: 0.01 })
      await c.start()
      const msgs = batch(3)
      const order: string[] = []
      const pending = submitAll(c, msgs, order)
      await waitFor('the burst token spent at the carrier', () => carrier.state.open === 1)
      const stopped = c.stop().then(() => order.push('stopped'))
      const outcomes = await Promise.all(pending)
      await stopped

      const settled = order.join(',')
      assert.equal(order.at(-1), 'stopped', `every submit resolved before stop(): ${settled}`)
      const sent = carrier.refs()
      assert.equal(sent.length, 1, 'only the burst of 1 went out')
      for (const [i, o] of outcomes.entries()) {
        if (msgs[i]!.smsId === sent[0]) assert.deepEqual(o, acked(msgs[i]!))
        else assert.equal(!o.ok && o.retry, true, JSON.stringify(o))
      }
    },
  )

  it('refuses a binary message for good without calling the carrier', async () => {
    const c = connectorFor({})
    await c.start()
    try {
      const binary = { udh: null, data: Uint8Array.of(0x00, 0xff) }
      const outcome = await c.submit({ ...message(1), binary })
      assert.deepEqual(outcome, { ok: false, retry: false, code: 'BINARY_NOT_SUPPORTED' })
      assert.equal(carrier.seen.length, 0)
    } finally {
      await c.stop()
    }
  })
})
