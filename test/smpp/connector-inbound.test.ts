import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { CarrierMo, Connector } from '../../src/delivery/connectors/connector.js'
import { SMPP_STATUS } from '../../src/domain/dlr/smpp-errors.js'
import { decodeText } from '../../src/domain/encoding/data-coding.js'
import { gsm7Septets } from '../../src/domain/encoding/gsm7.js'
import { splitParts } from '../../src/domain/encoding/segments.js'
import { startSmscSim } from '../../src/smsc-sim/smsc-sim.js'
import type { MoOptions, SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { MoRefusedError } from '../../src/smsc-sim/sim-outbound.js'
import { PASSWORD, SYSTEM_ID, connectorFor, recordingSink, waitFor } from './helpers.js'
import type { RecordingSink } from './helpers.js'

const LONG_GSM = 'Reply STOP to end. Prices: 5€ per {month} – no, just kidding. '
  .replace('–', '-')
  .repeat(6)
const LONG_UCS2 = 'Ответ: да 😀 ещё раз, süß. '.repeat(8)

describe('SMPP connector: mobile-originated messages', () => {
  let sim: SmscSim
  let sink: RecordingSink
  let connector: Connector
  before(async () => {
    sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD })
    sink = recordingSink()
    connector = connectorFor(sim, sink, { bindMode: 'tx+rx' })
    await connector.start()
    await waitFor('the receiver bound', () => sim.stats().binds === 2)
  })
  after(async () => {
    await connector.stop()
    await sim.close()
  })

  const cases: [string, MoOptions, number][] = [
    ['single GSM', { from: '+491701234567', to: '80888', text: 'STOP @once' }, 1],
    [
      'concatenated GSM with UDH',
      { from: '+491701234567', to: '80888', text: LONG_GSM, split: 'udh' },
      3,
    ],
    [
      'concatenated GSM with SAR',
      { from: '+491701234567', to: '80888', text: LONG_GSM, split: 'sar' },
      3,
    ],
    [
      'concatenated UCS-2 with UDH',
      { from: '+447700900123', to: '+491771234567', text: LONG_UCS2, split: 'udh' },
      4,
    ],
    [
      'concatenated UCS-2 with SAR',
      { from: '+447700900123', to: '80888', text: LONG_UCS2, split: 'sar' },
      4,
    ],
    ['single UCS-2', { from: '+447700900123', to: '80888', text: 'Да 👍' }, 1],
    [
      'long GSM in one deliver_sm with message_payload',
      { from: '+491701234567', to: '80888', text: LONG_GSM, split: 'none' },
      1,
    ],
    [
      'data_sm with message_payload',
      { from: '+491701234567', to: '80888', text: 'via data_sm', viaDataSm: true },
      1,
    ],
    [
      'data_sm parts with SAR',
      { from: '+491701234567', to: '80888', text: LONG_UCS2, viaDataSm: true, split: 'sar' },
      4,
    ],
    ['alphanumeric sender', { from: 'Bank', to: '80888', text: 'Code 1234' }, 1],
  ]
  for (const [name, mo, parts] of cases) {
    it(`${name} (${parts} PDU${parts > 1 ? 's' : ''})`, async () => {
      const encoding = [...mo.text].every((ch) => gsm7Septets(ch) > 0) ? 'gsm7' : 'ucs2'
      assert.equal(
        mo.split === 'none' ? 1 : splitParts(mo.text, encoding).length,
        parts,
        'the case is what it says',
      )
      const before = sink.mos.length
      const sentBefore = sim.stats().mosSent
      const started = Date.now()
      await sim.originateMo(mo)
      // originateMo resolves once every part was answered, and parts are answered only when stored.
      const got = sink.mos.slice(before)
      assert.equal(got.length, parts, 'each PDU is handed on as it came')
      for (const [i, part] of got.entries()) {
        assert.deepEqual({ from: part.from, to: part.to }, { from: mo.from, to: mo.to })
        assert.ok(part.receivedAtMs >= started && part.receivedAtMs <= Date.now())
        if (parts === 1) assert.equal(part.concat, undefined)
        else assert.deepEqual({ ...part.concat, ref: 0 }, { ref: 0, total: parts, seq: i + 1 })
      }
      assert.equal(new Set(got.map((p) => p.concat?.ref)).size, 1, 'one reference for all parts')
      const text = decodeText(
        dataCodingOf(got[0]!),
        Buffer.concat(got.map((p) => ('body' in p.content ? p.content.body : Buffer.alloc(0)))),
      )
      assert.equal(text, mo.text)
      assert.equal(sim.stats().mosSent, sentBefore + 1)
      assert.equal(sink.reports.length, 0, 'an MO is no receipt')
    })
  }
})

function dataCodingOf(mo: CarrierMo): number {
  assert.ok('dataCoding' in mo.content, 'SMPP hands on the raw user data')
  return mo.content.dataCoding
}

describe('SMPP connector: an MO the gateway cannot store', () => {
  let sim: SmscSim
  let sink: RecordingSink
  let connector: Connector
  let failing = true
  let refused = 0
  before(async () => {
    sim = await startSmscSim({ port: 0, systemId: SYSTEM_ID, password: PASSWORD })
    const recording = recordingSink()
    sink = {
      ...recording,
      mo: async (id, mo) => {
        if (failing) {
          refused++
          throw new Error('store unavailable')
        }
        return recording.mo(id, mo)
      },
    }
    connector = connectorFor(sim, sink, { bindMode: 'tx+rx' })
    await connector.start()
    await waitFor('the receiver bound', () => sim.stats().binds === 2)
  })
  after(async () => {
    await connector.stop()
    await sim.close()
  })

  it('is refused with ESME_RX_T_APPN and accepted when offered again once it works', async () => {
    const mo: MoOptions = { from: '+491701234567', to: '80888', text: 'Try me again' }
    await assert.rejects(sim.originateMo(mo), (err: unknown) => {
      assert.ok(err instanceof MoRefusedError, String(err))
      assert.equal(err.status, 0x64)
      assert.equal(err.status, SMPP_STATUS.ESME_RX_T_APPN)
      return true
    })
    assert.equal(refused, 1)
    assert.equal(sink.mos.length, 0)
    assert.equal(sim.stats().mosSent, 0, 'a refused MO does not count as sent')

    failing = false
    await sim.originateMo(mo)
    assert.equal(sink.mos.length, 1)
    const got = sink.mos[0]!
    assert.deepEqual({ from: got.from, to: got.to }, { from: mo.from, to: mo.to })
    assert.equal(decodeText(dataCodingOf(got), bodyOf(got)), mo.text)
    assert.equal(sim.stats().mosSent, 1)
    assert.equal(refused, 1)
  })
})

function bodyOf(mo: CarrierMo): Uint8Array {
  assert.ok('body' in mo.content, 'SMPP hands on the raw user data')
  return mo.content.body
}
