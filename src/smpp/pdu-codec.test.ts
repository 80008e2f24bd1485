import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import smpp from 'smpp'
import {
  decodePdu,
  encodePdu,
  PduError,
  PduReader,
  responseCommand,
  type SmppPdu,
} from './pdu-codec.js'
import { SMPP_COMMANDS, SMPP_TLVS, type SmppCommand } from './pdu-tables.js'

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex')

describe('encodePdu: golden bytes', () => {
  const cases: [string, Buffer, string][] = [
    ['enquire_link', encodePdu('enquire_link', 1), '00000010 00000015 00000000 00000001'],
    ['unbind_resp', encodePdu('unbind_resp', 0x7fffffff), '00000010 80000006 00000000 7fffffff'],
    [
      'submit_sm, alphanumeric sender, receipt requested',
      encodePdu('submit_sm', 2, {
        source_addr_ton: 5,
        source_addr: 'Taube',
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: '491701234567',
        registered_delivery: 1,
        short_message: Buffer.from('hi'),
      }),
      '00000034 00000004 00000000 00000002' +
        '00 05 00 5461756265 00 01 01 343931373031323334353637 00 00 00 00 00 00 01 00 00 00 02 6869',
    ],
    [
      'an error response is the header alone',
      encodePdu('submit_sm_resp', 9, { message_id: 'ignored' }, 0x58),
      '00000010 80000004 00000058 00000009',
    ],
    [
      'deliver_sm_resp with an empty message_id',
      encodePdu('deliver_sm_resp', 3, { message_id: '' }),
      '00000011 80000005 00000000 00000003 00',
    ],
    [
      'TLVs follow the mandatory parameters in the order given',
      encodePdu('data_sm', 4, {
        destination_addr: '1',
        message_payload: Buffer.from([0xca, 0xfe]),
        sar_msg_ref_num: 0x1234,
        sar_total_segments: 2,
      }),
      '0000002c 00000103 00000000 00000004' +
        '00 00 00 00 00 00 31 00 00 00 00' +
        '0424 0002 cafe 020c 0002 1234 020e 0001 02',
    ],
  ]
  for (const [name, bytes, expected] of cases) {
    it(name, () => assert.equal(bytes.toString('hex'), hex(expected).toString('hex')))
  }

  it('refuses values that do not fit their field', () => {
    assert.throws(() => encodePdu('submit_sm', 1, { esm_class: 256 }), PduError)
    assert.throws(() => encodePdu('submit_sm', 1, { short_message: Buffer.alloc(256) }), PduError)
    assert.throws(() => encodePdu('submit_sm', 1, { source_addr: {} }), PduError)
  })
})

describe('decodePdu', () => {
  it('reads a delivery receipt with its TLVs', () => {
    const raw = encodePdu('deliver_sm', 77, {
      source_addr: '491701234567',
      esm_class: 0x04,
      short_message: Buffer.from('id:abc stat:DELIVRD'),
      receipted_message_id: 'abc',
      message_state: 2,
      network_error_code: Buffer.from([3, 0, 0]),
    })
    const pdu = decodePdu(raw)
    assert.equal(pdu.command, 'deliver_sm')
    assert.equal(pdu.sequence_number, 77)
    assert.equal(pdu.source_addr, '491701234567')
    assert.equal(pdu.esm_class, 4)
    assert.equal(Buffer.from(pdu.short_message as Uint8Array).toString(), 'id:abc stat:DELIVRD')
    assert.equal(pdu.receipted_message_id, 'abc')
    assert.equal(pdu.message_state, 2)
    assert.deepEqual([...(pdu.network_error_code as Uint8Array)], [3, 0, 0])
  })

  it('reads an error response that has no body, and skips TLVs it does not know', () => {
    const error = decodePdu(hex('00000010 80000004 00000058 00000009'))
    assert.deepEqual(
      { ...error },
      {
        command: 'submit_sm_resp',
        command_id: 0x80000004,
        command_status: 0x58,
        sequence_number: 9,
      },
    )
    const unknownTlv = decodePdu(hex('00000017 80000004 00000000 00000001 41 00 ffff 0001 07'))
    assert.equal(unknownTlv.message_id, 'A')
    assert.equal(Object.keys(unknownTlv).length, 5)
  })

  it('names an unknown command so that it can be answered with generic_nack', () => {
    const pdu = decodePdu(hex('00000010 00000099 00000000 00000005'))
    assert.equal(pdu.command, 'unknown')
    assert.equal(responseCommand(pdu.command), 'generic_nack')
    assert.equal(
      responseCommand('alert_notification'),
      'generic_nack',
      'it has no response of its own',
    )
    assert.equal(responseCommand('submit_sm'), 'submit_sm_resp')
  })

  const malformed: [string, string][] = [
    ['shorter than the header', '0000000c 00000015 00000000'],
    ['command_length says more than there is', '00000014 00000015 00000000 00000001'],
    ['a C-string without its NUL', '00000012 80000004 00000000 00000001 4142'],
    [
      'short_message longer than the PDU',
      '00000022 00000004 00000000 00000001 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 09 41',
    ],
    ['a TLV that runs past the PDU', '00000016 80000004 00000000 00000001 41 00 0424 0009'],
  ]
  for (const [name, bytes] of malformed) {
    it(`refuses ${name}`, () => assert.throws(() => decodePdu(hex(bytes)), PduError))
  }
})

describe('PduReader', () => {
  const stream = Buffer.concat([
    encodePdu('enquire_link', 1),
    encodePdu('submit_sm', 2, { destination_addr: '4917', short_message: Buffer.from('hello') }),
    encodePdu('submit_sm_resp', 3, { message_id: 'id-3' }),
  ])

  it('finds the same PDUs however the stream is cut', () => {
    const whole: SmppPdu[] = []
    new PduReader().read(stream, (p) => whole.push(p))
    assert.deepEqual(
      whole.map((p) => p.sequence_number),
      [1, 2, 3],
    )
    for (let size = 1; size <= stream.length; size++) {
      const reader = new PduReader()
      const got: SmppPdu[] = []
      for (let i = 0; i < stream.length; i += size)
        reader.read(stream.subarray(i, i + size), (p) => got.push(p))
      assert.deepEqual(got, whole, `chunks of ${size}`)
    }
  })

  it('stops handing out PDUs when told to, and refuses a length no PDU has', () => {
    const got: SmppPdu[] = []
    new PduReader().read(
      stream,
      (p) => got.push(p),
      () => got.length < 1,
    )
    assert.equal(got.length, 1)
    assert.throws(() => new PduReader().read(hex('00000008 00000000'), () => undefined), PduError)
    assert.throws(() => new PduReader().read(hex('00ffffff'), () => undefined), PduError)
  })
})

describe('against the smpp package (farhadi/node-smpp 0.5)', () => {
  // Every command with a body, filled with distinct values, and TLVs of each wire type.
  // Times as SMPP writes them: the package reads them into Dates otherwise.
  const value = (name: string, type: string, i: number): unknown =>
    name.endsWith('_time') || name === 'validity_period' || name === 'final_date'
      ? '000001000000000R'
      : type === 'int8'
        ? i % 256
        : type === 'cstring'
          ? `v${i}`
          : Buffer.from([i, i + 1, i + 2])
  const samples = Object.entries(SMPP_COMMANDS)
    .filter(([, c]) => c.params !== null && c.params.length > 0)
    .map(([name, c]) => {
      const params: Record<string, unknown> = {}
      c.params!.forEach(([param, type], i) => (params[param] = value(param, type, i + 1)))
      return [name as SmppCommand, params] as const
    })
  const tlvs = {
    receipted_message_id: 'abc123',
    message_state: 2,
    user_message_reference: 0x0102,
    qos_time_to_live: 0x01020304,
    network_error_code: Buffer.from([3, 0, 1]),
    message_payload: Buffer.from('a longer text in the payload'),
  }

  for (const [command, params] of samples) {
    it(`${command}: the same bytes, and each reads the other's`, () => {
      const withTlvs =
        command === 'deliver_sm' || command === 'data_sm' ? { ...params, ...tlvs } : params
      const ours = encodePdu(command, 42, withTlvs)
      const theirs = new smpp.PDU(command, { sequence_number: 42, ...withTlvs }).toBuffer()
      assert.equal(ours.toString('hex'), theirs.toString('hex'))
      const decoded = decodePdu(theirs)
      for (const [name, v] of Object.entries(withTlvs)) {
        const got = decoded[name]
        if (Buffer.isBuffer(v))
          assert.equal(Buffer.from(got as Uint8Array).toString('hex'), v.toString('hex'), name)
        else assert.equal(got, v, name)
      }
    })
  }

  it('knows every command and TLV of SMPP 3.4 that the package knows, with the same ids', () => {
    for (const [name, c] of Object.entries(SMPP_COMMANDS))
      assert.equal(smpp.commands[name]?.id, c.id, name)
    for (const [name, t] of Object.entries(SMPP_TLVS))
      assert.equal(smpp.tlvs[name]?.id, t.tag, name)
  })
})
