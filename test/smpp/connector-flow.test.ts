import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { SubmitOutcome } from '../../src/delivery/connectors/connector.js'
import net from 'node:net'
import { acceptSmpp } from '../../src/smpp/session.js'
import { startSmscSim } from '../../src/smsc-sim/smsc-sim.js'
import {
  PASSWORD,
  SYSTEM_ID,
  connectorFor,
  deliver,
  message,
  recordingSink,
  waitFor,
} from './helpers.js'

const final = (outcomes: SubmitOutcome[]) => outcomes.at(-1)!

describe('SMPP connector: flow control', () => {
  it('throttled at 50/s, 300 messages all end accepted as the connector adapts', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      throttlePerS: 50,
      keepMessages: false,
    })
    const connector = connectorFor(sim, recordingSink(), {
      window: 10,
      throttleBackoffMs: 200,
      registeredDelivery: false,
    })
    try {
      await connector.start()
      const windows: number[] = []
      const rates: (number | null)[] = []
      const probe = setInterval(() => {
        windows.push(connector.stats().window)
        rates.push(connector.stats().ratePerS)
      }, 20)
      const results = await Promise.all(
        Array.from({ length: 300 }, () => deliver(connector, message())),
      )
      clearInterval(probe)
      assert.ok(
        results.every((r) => final(r).ok),
        'every message accepted in the end',
      )
      const throttledOutcomes = results.flat().filter((o) => !o.ok)
      assert.ok(throttledOutcomes.length > 0, 'some submits were throttled')
      for (const o of throttledOutcomes) {
        assert.deepEqual(o, { ok: false, retry: true, code: 'ESME_RTHROTTLED', retryAfterMs: 200 })
      }
      const stats = sim.stats()
      assert.ok(stats.throttled > 0)
      assert.equal(stats.parts, 300)
      assert.equal(stats.submitSm, 300 + stats.throttled)
      assert.ok(Math.min(...windows) < 10, 'the window was lowered')
      assert.ok(
        rates.some((r) => r !== null && r <= 50),
        'the rate was lowered to what the SMSC takes',
      )
      // Adapting means few refusals (about 10 here): a client that kept its pace and retried
      // every 200 ms would be refused thousands of times.
      assert.ok(stats.throttled < 100, `throttled ${stats.throttled} times`)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })

  it('a configured throughput paces submits without the SMSC refusing any', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      throttlePerS: 60,
      keepMessages: false,
    })
    const connector = connectorFor(sim, recordingSink(), {
      throughputPerS: 40,
      registeredDelivery: false,
    })
    try {
      await connector.start()
      const started = Date.now()
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, () => connector.submit(message())),
      )
      assert.ok(outcomes.every((o) => o.ok))
      assert.equal(sim.stats().throttled, 0)
      // 60 at 40/s with a burst of 2: at least ~1.4 s.
      assert.ok(Date.now() - started >= 1300, `took ${Date.now() - started} ms`)
      assert.equal(connector.stats().ratePerS, 40)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })

  for (const sessions of [1, 3]) {
    it(`the SMSC never sees more than window unanswered submits per session (${sessions} sessions)`, async () => {
      const sim = await startSmscSim({
        port: 0,
        systemId: SYSTEM_ID,
        password: PASSWORD,
        submitRespDelayMs: 30,
      })
      const connector = connectorFor(sim, recordingSink(), {
        window: 4,
        sessions,
        registeredDelivery: false,
      })
      try {
        await connector.start()
        await waitFor('all sessions bound', () => sim.stats().binds === sessions)
        let maxInFlight = 0
        const probe = setInterval(
          () => (maxInFlight = Math.max(maxInFlight, connector.stats().inFlight)),
          5,
        )
        const outcomes = await Promise.all(
          Array.from({ length: 40 * sessions }, () => connector.submit(message())),
        )
        clearInterval(probe)
        assert.ok(outcomes.every((o) => o.ok))
        assert.equal(sim.stats().maxUnanswered, 4, 'the window is filled, never exceeded')
        assert.ok(maxInFlight <= 4 * sessions)
        assert.ok(maxInFlight > 4 * (sessions - 1), 'every session carries load')
      } finally {
        await connector.stop()
        await sim.close()
      }
    })
  }
})

describe('SMPP connector: links that drop', () => {
  it('sends enquire_link every enquireLinkS', async () => {
    const sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD })
    const connector = connectorFor(sim, recordingSink(), { enquireLinkS: 1 })
    try {
      await connector.start()
      await waitFor('two enquire_link', () => sim.stats().enquireLinks >= 2, 5_000)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })

  it('drops and rebinds a link whose peer stops answering enquire_link', async () => {
    let binds = 0
    const server = net.createServer((socket) => {
      const session = acceptSmpp(socket)
      session.on('error', () => undefined)
      session.on('pdu:in', (pdu) => {
        if (pdu.command === 'bind_transceiver') {
          binds++
          session.respond(pdu, { system_id: 'mute' })
        } else if (pdu.command === 'unbind') session.respond(pdu)
        // enquire_link stays unanswered
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as net.AddressInfo).port
    const connector = connectorFor({ port }, recordingSink(), {
      enquireLinkS: 1,
      requestTimeoutMs: 200,
    })
    try {
      await connector.start()
      await waitFor('a second bind', () => binds >= 2, 10_000)
    } finally {
      await connector.stop()
      server.close()
    }
  })

  it('reconnects after the SMSC drops the link; every message gets an outcome, retries succeed', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      dropEvery: 25,
      dlrDelayMs: 10,
    })
    const sink = recordingSink()
    const connector = connectorFor(sim, sink, { window: 5 })
    try {
      await connector.start()
      const results = await Promise.all(
        Array.from({ length: 120 }, (_, i) => deliver(connector, message({ text: `m${i}` }))),
      )
      const firstTries = results.map((r) => r[0]!)
      const down = firstTries.filter((o) => !o.ok)
      assert.ok(down.length > 0, 'some submits were caught by a drop')
      for (const o of down) assert.ok(!o.ok && o.retry && o.code === 'LINK_DOWN', JSON.stringify(o))
      assert.ok(
        results.every((r) => final(r).ok),
        'every message accepted after resubmission',
      )
      const stats = sim.stats()
      assert.ok(stats.dropped >= 4, `dropped ${stats.dropped}`)
      assert.ok(stats.binds >= stats.dropped + 1, 'a bind after every drop')
      // Every text reached the SMSC (some twice: a drop can take an accepted submit's answer with it).
      const texts = new Set(sim.received().map((m) => m.text))
      for (let i = 0; i < 120; i++) assert.ok(texts.has(`m${i}`), `m${i} at the SMSC`)
      // Receipts of parts whose link dropped come on the next bind.
      const ids = results.flatMap((r) =>
        final(r).ok ? (final(r) as { carrierIds: string[] }).carrierIds : [],
      )
      await waitFor('a receipt for every accepted message', () => {
        const seen = new Set(sink.reports.map((r) => r.carrierId))
        return ids.every((id) => seen.has(id))
      })
      assert.equal(connector.isUp(), true)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })

  it('tx+rx binds get their receipts on the receiver link', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      dlrDelayMs: 10,
    })
    const sink = recordingSink()
    const connector = connectorFor(sim, sink, { bindMode: 'tx+rx', sessions: 2 })
    try {
      await connector.start()
      await waitFor('four binds', () => sim.stats().binds === 4)
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => connector.submit(message())),
      )
      const ids = outcomes.flatMap((o) => (o.ok ? o.carrierIds : []))
      assert.equal(ids.length, 10)
      await waitFor('ten receipts', () => sink.reports.length === 10)
      assert.deepEqual(sink.reports.map((r) => r.carrierId).sort(), ids.sort())
      assert.ok(sink.reports.every((r) => r.state === 'DELIVRD'))
    } finally {
      await connector.stop()
      await sim.close()
    }
  })
})
