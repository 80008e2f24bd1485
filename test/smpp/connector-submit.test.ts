import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Connector, SubmitOutcome } from '../../src/delivery/connectors/connector.js'
import { startSmscSim } from '../../src/smsc-sim/smsc-sim.js'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import type { DlrOutcomeName } from '../../src/smsc-sim/dlr-mix.js'
import type { ReceiptState } from '../../src/domain/dlr/receipt-state.js'
import { PASSWORD, SYSTEM_ID, connectorFor, message, recordingSink, waitFor } from './helpers.js'

const ok = (o: SubmitOutcome) => {
  assert.ok(o.ok, `expected ok, got ${JSON.stringify(o)}`)
  return o.carrierIds
}

describe('SMPP connector: bind', () => {
  let sim: SmscSim
  before(
    async () => (sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD })),
  )
  after(() => sim.close())

  it('binds as transceiver and reports up', async () => {
    const connector = connectorFor(sim, recordingSink())
    assert.equal(connector.isUp(), false)
    await connector.start()
    assert.equal(connector.isUp(), true)
    assert.equal(connector.stats().up, true)
    assert.equal(sim.stats().binds, 1)
    await connector.stop()
    assert.equal(connector.isUp(), false)
  })

  it('rejects start with the SMSC status when the credentials are wrong', async () => {
    const connector = connectorFor(sim, recordingSink(), { password: 'wrong' })
    await assert.rejects(connector.start(), /ESME_RBINDFAIL/)
    assert.equal(connector.isUp(), false)
    const outcome = await connector.submit(message())
    assert.deepEqual(
      { ...outcome, retryAfterMs: undefined },
      { ok: false, retry: true, code: 'LINK_DOWN', retryAfterMs: undefined },
    )
    await connector.stop()
    assert.ok(sim.stats().bindFailures >= 1)
  })
})

describe('SMPP connector: submit and reassembly at the SMSC', () => {
  let sim: SmscSim
  let connector: Connector
  before(async () => {
    sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD, dlrDelayMs: 10 })
    connector = connectorFor(sim, recordingSink())
    await connector.start()
  })
  after(async () => {
    await connector.stop()
    await sim.close()
  })

  const last = () => sim.received().at(-1)!

  it('short GSM: one part, GSM 7-bit, the carrier id is the SMSC message id', async () => {
    const text = 'Hello €uro [ok] @home_1'
    const ids = ok(
      await connector.submit(message({ text, senderId: 'Taube', phone: '+491701234567' })),
    )
    await waitFor('the message at the SMSC', () => sim.received().length === 1)
    assert.deepEqual(last(), {
      messageIds: ids,
      from: 'Taube',
      to: '+491701234567',
      text,
      dataCoding: 0,
      bodyHex: '48656c6c6f201b6575726f201b3c6f6b1b3e2000686f6d6511' + '31',
      parts: 1,
    })
  })

  it('long GSM: three UDH parts, reassembled text equals the original', async () => {
    const text = 'The quick brown fox jumps over the lazy dog; {braces} cost two septets € '
      .repeat(6)
      .slice(0, 420)
    const ids = ok(await connector.submit(message({ text, parts: 3 })))
    assert.equal(ids.length, 3)
    assert.equal(new Set(ids).size, 3)
    await waitFor('the long message', () => last()?.text === text)
    assert.deepEqual(last().messageIds, ids, 'carrier ids in part order')
    assert.equal(last().parts, 3)
    assert.equal(last().dataCoding, 0)
  })

  it('long UCS-2 with emoji: parts reassemble without broken surrogate pairs', async () => {
    const text = 'Привет, мир! 😀🎉 Grüße aus Köln. '.repeat(5)
    const ids = ok(await connector.submit(message({ text, isUnicode: true, parts: 3 })))
    assert.equal(ids.length, 3)
    await waitFor('the UCS-2 message', () => last()?.messageIds[0] === ids[0])
    assert.equal(last().text, text)
    assert.equal(last().dataCoding, 8)
    assert.equal(last().parts, 3)
  })

  it('numeric sender and short code arrive with their addresses', async () => {
    ok(await connector.submit(message({ senderId: '+4915112345678', text: 'a' })))
    await waitFor('numeric sender', () => last()?.from === '+4915112345678')
    ok(await connector.submit(message({ senderId: '80888', text: 'b' })))
    await waitFor('short code sender', () => last()?.from === '80888')
  })
})

describe('SMPP connector: 8-bit binary data', () => {
  let sim: SmscSim
  let connector: Connector
  before(async () => {
    sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD })
    connector = connectorFor(sim, recordingSink())
    await connector.start()
  })
  after(async () => {
    await connector.stop()
    await sim.close()
  })

  it("sends data_coding 4 with the caller's UDH and the bytes unchanged", async () => {
    const udh = Buffer.from('06050415811581', 'hex') // application port addressing
    const data = Buffer.from('00ff80c0010203', 'hex') // not text in any alphabet
    const ids = ok(await connector.submit(message({ binary: { udh, data } })))
    assert.equal(ids.length, 1)
    await waitFor('the binary message', () => sim.received().length === 1)
    const got = sim.received()[0]!
    assert.equal(got.dataCoding, 4)
    assert.equal(got.bodyHex, '00ff80c0010203')
  })

  it('splits data over 140 octets into concatenated parts that reassemble to the data', async () => {
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff))
    const ids = ok(await connector.submit(message({ binary: { udh: null, data } })))
    assert.equal(ids.length, 3)
    await waitFor('the long binary message', () => sim.received().length === 2)
    assert.equal(sim.received()[1]!.parts, 3)
    assert.equal(sim.received()[1]!.bodyHex, data.toString('hex'))
  })

  it('sends a flash SMS as data_coding 0x10, a UCS-2 one of class 0 as 0x18', async () => {
    const before = sim.received().length
    ok(await connector.submit(message({ text: 'Flash {now}', messageClass: 0 })))
    ok(await connector.submit(message({ text: 'Flash 👋', isUnicode: true, messageClass: 0 })))
    await waitFor('both', () => sim.received().length === before + 2)
    const [gsm, ucs2] = sim.received().slice(before)
    assert.deepEqual([gsm!.dataCoding, gsm!.text], [0x10, 'Flash {now}'])
    assert.deepEqual([ucs2!.dataCoding, ucs2!.text], [0x18, 'Flash 👋'])
  })
})

describe('SMPP connector: a part the carrier refuses while it takes the others', () => {
  const text = 'p'.repeat(153) + 'q'.repeat(153) + 'r'.repeat(20)

  it('retries only that part, then reports the parts taken so they are not sent again', async () => {
    // Part 2 is refused 5 times: more than one submit's own attempts (3), fewer than two.
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      failPart: { seq: 2, times: 5 },
    })
    const connector = connectorFor(sim, recordingSink())
    try {
      await connector.start()
      const m = message({ smsId: '0190a3b2-0000-7000-8000-00000000002a', text, parts: 3 })
      const first = await connector.submit(m)
      assert.ok(!first.ok)
      assert.equal(first.retry, true)
      assert.equal(first.code, 'ESME_RSYSERR')
      assert.equal(first.accepted?.total, 3)
      assert.deepEqual(
        first.accepted?.parts.map((p) => p.part),
        [1, 3],
      )
      assert.equal(sim.stats().submitSm, 2 + 3, 'parts 1 and 3 once, part 2 three times')

      const taken = new Map(first.accepted!.parts.map((p) => [p.part, p.carrierId]))
      const second = await connector.submit({ ...m, acceptedParts: taken })
      const ids = ok(second)
      assert.equal(ids[0], taken.get(1))
      assert.equal(ids[2], taken.get(3))
      assert.equal(sim.stats().parts, 3, 'each part taken exactly once')
      await waitFor('the message reassembled', () => sim.received().length === 1)
      assert.equal(
        sim.received()[0]!.text,
        text,
        'the late part joined the others (same reference)',
      )
    } finally {
      await connector.stop()
      await sim.close()
    }
  })
})

describe('SMPP connector: message_payload mode', () => {
  it('sends a long text as one submit_sm with message_payload', async () => {
    const sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD })
    const connector = connectorFor(sim, recordingSink(), { longMessages: 'payload' })
    try {
      await connector.start()
      const text = 'x'.repeat(300) + ' ünd 😀'
      const ids = ok(await connector.submit(message({ text, isUnicode: true, parts: 5 })))
      assert.equal(ids.length, 1)
      await waitFor('the payload message', () => sim.received().length === 1)
      assert.deepEqual(sim.received()[0], {
        messageIds: ids,
        from: 'Taube',
        to: '+491701234567',
        text,
        dataCoding: 8,
        bodyHex: Buffer.from(text, 'utf16le').swap16().toString('hex'),
        parts: 1,
      })
      assert.equal(sim.stats().submitSm, 1)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })
})

describe('SMPP connector: delivery receipts per part', () => {
  const mixes: [DlrOutcomeName, ReceiptState, string][] = [
    ['delivered', 'DELIVRD', '000'],
    ['expired', 'EXPIRED', '027'],
    ['rejected', 'REJECTD', '011'],
    ['undeliverable', 'UNDELIV', '001'],
    ['accepted', 'ACCEPTD', '000'],
    ['enroute', 'ENROUTE', '000'],
  ]
  for (const [outcome, state, err] of mixes) {
    it(`100% ${outcome}: each part reports ${state} with the SMSC's id`, async () => {
      const sim = await startSmscSim({
        port: 0,
        systemId: SYSTEM_ID,
        password: PASSWORD,
        dlrMix: { [outcome]: 1 },
        dlrDelayMs: 20,
      })
      const sink = recordingSink()
      const connector = connectorFor(sim, sink)
      try {
        await connector.start()
        const before = Date.now()
        const ids = ok(await connector.submit(message({ text: 'y'.repeat(200), parts: 2 })))
        await waitFor('two receipts', () => sink.reports.length === 2)
        assert.deepEqual(sink.reports.map((r) => r.carrierId).sort(), [...ids].sort())
        for (const report of sink.reports) {
          assert.equal(report.state, state)
          assert.equal(report.error, err)
          // The receipt text has minutes: doneAt is within the current minute.
          assert.ok(
            report.doneAtMs! >= Math.floor(before / 60_000) * 60_000 &&
              report.doneAtMs! <= Date.now(),
          )
        }
        await waitFor('the receipts answered', () => sim.stats().receiptsSent === 2)
      } finally {
        await connector.stop()
        await sim.close()
      }
    })
  }

  it('no receipts when registeredDelivery is off', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      dlrDelayMs: 0,
    })
    const sink = recordingSink()
    const connector = connectorFor(sim, sink, { registeredDelivery: false })
    try {
      await connector.start()
      ok(await connector.submit(message()))
      // A receipt that was going to come would be requested by now: a probe message with
      // receipts on another connector comes back first.
      const probeSink = recordingSink()
      const probe = connectorFor(sim, probeSink)
      await probe.start()
      ok(await probe.submit(message()))
      await waitFor('the probe receipt', () => probeSink.reports.length + sink.reports.length >= 1)
      await probe.stop()
      assert.equal(sim.stats().receiptsSent, 1)
      assert.equal(sink.reports.length + probeSink.reports.length, 1)
    } finally {
      await connector.stop()
      await sim.close()
    }
  })
})

describe('SMPP connector: refusals', () => {
  it('a permanent refusal fails the message with the SMSC status and no retry', async () => {
    const sim = await startSmscSim({
      port: 0,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      rejectPrefixes: ['4900'],
    })
    const connector = connectorFor(sim, recordingSink())
    try {
      await connector.start()
      const short = await connector.submit(message({ phone: '+49001234567' }))
      assert.deepEqual(short, { ok: false, retry: false, code: 'ESME_RINVDSTADR' })
      const long = await connector.submit(message({ phone: '+49001234567', text: 'z'.repeat(400) }))
      assert.deepEqual(long, { ok: false, retry: false, code: 'ESME_RINVDSTADR' })
      assert.equal((await connector.submit(message({ phone: '+4917012345678' }))).ok, true)
      assert.deepEqual(connector.stats(), {
        submitted: 3,
        acknowledged: 1,
        failed: 2,
        inFlight: 0,
        window: 10,
        ratePerS: null,
        up: true,
      })
    } finally {
      await connector.stop()
      await sim.close()
    }
  })
})
