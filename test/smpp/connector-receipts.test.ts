// Receipts as other SMSCs send them (text only, TLVs only, UCS-2, data_sm), pushed by a scripted
// SMSC to a bound connector.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import net from 'node:net'
import type { CarrierReport, Connector } from '../../src/delivery/connectors/connector.js'
import { acceptSmpp } from '../../src/smpp/session.js'
import type { SmppSession } from '../../src/smpp/session.js'
import { encodeUcs2 } from '../../src/domain/encoding/gsm7.js'
import { connectorFor, recordingSink, waitFor } from './helpers.js'
import type { RecordingSink } from './helpers.js'

const TEXT =
  'id:ABC123 sub:001 dlvrd:001 submit date:2403151230 done date:2403151231 stat:DELIVRD err:000 text:Hi'

describe('SMPP connector: receipts from other SMSCs', () => {
  let server: net.Server
  let smsc: SmppSession | null = null
  let sink: RecordingSink
  let connector: Connector
  let failSink = false

  before(async () => {
    server = net.createServer((socket) => {
      const session = acceptSmpp(socket)
      session.on('error', () => undefined)
      session.on('pdu:in', (pdu) => {
        if (pdu.command === 'bind_transceiver') {
          smsc = session
          session.respond(pdu, { system_id: 'scripted' })
        } else session.respond(pdu)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const recording = recordingSink()
    sink = {
      ...recording,
      report: async (id, report) => {
        if (failSink) throw new Error('store unavailable')
        await recording.report(id, report)
      },
    }
    connector = connectorFor({ port: (server.address() as net.AddressInfo).port }, sink)
    await connector.start()
    await waitFor('the bind', () => smsc !== null)
  })
  after(async () => {
    await connector.stop()
    await new Promise((resolve) => server.close(resolve))
  })

  const cases: [string, 'deliver_sm' | 'data_sm', Record<string, unknown>, CarrierReport | null][] =
    [
      [
        'appendix B text only',
        'deliver_sm',
        { esm_class: 0x04, data_coding: 0, short_message: Buffer.from(TEXT) },
        {
          carrierId: 'ABC123',
          state: 'DELIVRD',
          error: '000',
          doneAtMs: Date.UTC(2024, 2, 15, 12, 31),
          text: 'Hi',
        },
      ],
      [
        'TLVs win over the text',
        'deliver_sm',
        {
          esm_class: 0x04,
          short_message: Buffer.from(TEXT.replace('stat:DELIVRD err:000', 'stat:DELIVRD err:005')),
          receipted_message_id: 'tlv-id',
          message_state: 5,
        },
        {
          carrierId: 'tlv-id',
          state: 'UNDELIV',
          error: '005',
          doneAtMs: Date.UTC(2024, 2, 15, 12, 31),
          text: 'Hi',
        },
      ],
      [
        'ASCII id with _ and @ under data_coding 0 (read as ASCII, not GSM)',
        'deliver_sm',
        {
          esm_class: 0x04,
          data_coding: 0,
          short_message: Buffer.from('id:a_b@c$1 stat:EXPIRED err:027'),
        },
        { carrierId: 'a_b@c$1', state: 'EXPIRED', error: '027' },
      ],
      [
        'UCS-2 receipt text',
        'deliver_sm',
        {
          esm_class: 0x04,
          data_coding: 8,
          short_message: Buffer.from(encodeUcs2('id:U1 stat:REJECTD err:011')),
        },
        { carrierId: 'U1', state: 'REJECTD', error: '011' },
      ],
      [
        'data_sm receipt with TLVs only; error from network_error_code',
        'data_sm',
        {
          esm_class: 0x04,
          receipted_message_id: 'D9',
          message_state: 3,
          network_error_code: Buffer.from([0x03, 0x01, 0x02]),
        },
        { carrierId: 'D9', state: 'EXPIRED', error: '258' },
      ],
      [
        'intermediate notification (esm_class 0x20)',
        'deliver_sm',
        { esm_class: 0x20, receipted_message_id: 'I1', message_state: 1 },
        { carrierId: 'I1', state: 'ENROUTE' },
      ],
      [
        'unknown stat without TLV is UNKNOWN',
        'deliver_sm',
        { esm_class: 0x04, short_message: Buffer.from('id:Q stat:WHATEVER') },
        { carrierId: 'Q', state: 'UNKNOWN' },
      ],
      [
        'no id anywhere: answered, not reported',
        'deliver_sm',
        { esm_class: 0x04, short_message: Buffer.from('stat:DELIVRD') },
        null,
      ],
    ]
  for (const [name, command, params, expected] of cases) {
    it(name, async () => {
      const before = sink.reports.length
      const resp = await smsc!.request(command, { source_addr: '491701234567', ...params })
      assert.equal(resp.command, `${command}_resp`)
      assert.equal(resp.command_status, 0)
      // The report is made before the answer is sent. It names the handset (the receipt's
      // source_addr) for messages in doubt after a crash.
      const handset = '491701234567'
      assert.deepEqual(sink.reports.slice(before), expected ? [{ ...expected, handset }] : [])
      assert.equal(sink.mos.length, 0, 'no receipt is taken for an MO')
    })
  }

  it('answers ESME_RX_T_APPN when the gateway cannot take the receipt, so the SMSC retries', async () => {
    failSink = true
    try {
      const resp = await smsc!.request('deliver_sm', {
        esm_class: 0x04,
        short_message: Buffer.from(TEXT),
      })
      assert.equal(resp.command_status, 0x64)
    } finally {
      failSink = false
    }
  })
})
