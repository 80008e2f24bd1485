import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { OutboundMessage } from '../connector.js'
import { buildSubmits, concatReference, validityPeriod } from './submit-pdus.js'
import type { SubmitSettings } from './submit-pdus.js'

const hex = (v: unknown) => Buffer.from(v as Uint8Array).toString('hex')
const message = (over: Partial<OutboundMessage>): OutboundMessage => ({
  smsId: '0190a3b2-0000-7000-8000-0000000000a7',
  phone: '+491701234567',
  senderId: 'Taube',
  text: 'Hi',
  isUnicode: false,
  parts: 1,
  validUntilMs: null,
  ...over,
})
const settings: SubmitSettings = { registeredDelivery: true, longMessages: 'udh' }

describe('buildSubmits', () => {
  it("a text part with the caller's UDH: one submit_sm, UDHI, the UDH then GSM septets or UCS-2", () => {
    const udh = Buffer.from('0500030a0201', 'hex')
    const [gsm, more] = buildSubmits(message({ text: 'Hi €', udh }), settings, 0)
    assert.equal(more, undefined)
    assert.equal(gsm!.esm_class, 0x40)
    assert.equal(gsm!.data_coding, 0)
    assert.equal(hex(gsm!.short_message), '0500030a0201' + '4869201b65')
    const udh16 = Buffer.from('0608040102020001', 'hex').subarray(0, 7)
    const [ucs] = buildSubmits(message({ text: 'жa', isUnicode: true, udh: udh16 }), settings, 0)
    assert.equal(ucs!.esm_class, 0x40)
    assert.equal(ucs!.data_coding, 8)
    assert.equal(hex(ucs!.short_message), hex(udh16) + '04360061')
  })

  it('short GSM: one submit_sm, unpacked septets, addresses by kind', () => {
    const [pdu, more] = buildSubmits(message({ text: 'Hi €' }), settings, 0)
    assert.equal(more, undefined)
    assert.equal(hex(pdu!.short_message), '4869201b65')
    assert.deepEqual(
      [
        pdu!.source_addr_ton,
        pdu!.source_addr_npi,
        pdu!.source_addr,
        pdu!.dest_addr_ton,
        pdu!.dest_addr_npi,
        pdu!.destination_addr,
      ],
      [5, 0, 'Taube', 1, 1, '491701234567'],
    )
    assert.equal(pdu!.esm_class, 0)
    assert.equal(pdu!.data_coding, 0)
    assert.equal(pdu!.registered_delivery, 1)
    assert.equal(pdu!.validity_period, '')
  })

  it('long GSM: UDH parts sharing the reference (from the message id), 153 septets each', () => {
    const text = 'a'.repeat(153) + 'b'.repeat(153) + 'c'.repeat(10)
    const pdus = buildSubmits(message({ text }), settings, 0)
    assert.equal(pdus.length, 3)
    pdus.forEach((p, i) => {
      const bytes = p.short_message as Uint8Array
      assert.equal(hex(bytes.subarray(0, 6)), `050003a703${'0' + (i + 1)}`)
      assert.equal(bytes.length, 6 + (i < 2 ? 153 : 10))
      assert.equal(p.esm_class, 0x40)
    })
  })

  it('long UCS-2 with emoji: 67 code units per part, surrogate pairs kept whole', () => {
    const text = 'ж'.repeat(66) + '😀' + 'ж'.repeat(10)
    const pdus = buildSubmits(message({ text, isUnicode: true }), settings, 0)
    assert.equal(pdus.length, 2)
    assert.equal(pdus[0]!.data_coding, 8)
    assert.equal(
      (pdus[0]!.short_message as Uint8Array).length,
      6 + 66 * 2,
      'the pair moved to part 2',
    )
    assert.equal(hex((pdus[1]!.short_message as Uint8Array).subarray(6, 10)), 'd83dde00')
  })

  it('payload mode: one submit_sm, empty short_message, whole text in message_payload', () => {
    const text = 'x'.repeat(200)
    const pdus = buildSubmits(message({ text }), { ...settings, longMessages: 'payload' }, 0)
    assert.equal(pdus.length, 1)
    assert.equal((pdus[0]!.short_message as Uint8Array).length, 0)
    assert.equal((pdus[0]!.message_payload as Uint8Array).length, 200)
    assert.equal(pdus[0]!.esm_class, 0)
  })

  it('a GSM-marked text that is not GSM goes as UCS-2', () => {
    const [pdu] = buildSubmits(message({ text: 'ж' }), settings, 0)
    assert.equal(pdu!.data_coding, 8)
  })

  it('source TON/NPI overrides and no receipt request', () => {
    const [pdu] = buildSubmits(
      message({ senderId: '80888' }),
      { ...settings, registeredDelivery: false, sourceTon: 0, sourceNpi: 1 },
      0,
    )
    assert.deepEqual(
      [pdu!.source_addr_ton, pdu!.source_addr_npi, pdu!.registered_delivery],
      [0, 1, 0],
    )
  })
})

describe('binary data (data_coding 4)', () => {
  const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i & 0xff)

  it('short data without a UDH: one part, the bytes as they are', () => {
    const [pdu, more] = buildSubmits(
      message({ binary: { udh: null, data: bytes(3) } }),
      settings,
      0,
    )
    assert.equal(more, undefined)
    assert.equal(pdu!.data_coding, 4)
    assert.equal(pdu!.esm_class, 0)
    assert.equal(hex(pdu!.short_message), '000102')
  })

  it("the caller's UDH goes in front of the data, with UDHI set", () => {
    const udh = Uint8Array.from([0x06, 0x05, 0x04, 0x15, 0x81, 0x00, 0x00]) // port addressing
    const [pdu] = buildSubmits(message({ binary: { udh, data: bytes(2) } }), settings, 0)
    assert.equal(pdu!.esm_class, 0x40)
    assert.equal(hex(pdu!.short_message), '06050415810000' + '0001')
  })

  it('a UDH and data over 140 octets are refused', () => {
    const udh = Uint8Array.from([0x05, 0x00, 0x03, 0x01, 0x02, 0x01])
    assert.throws(
      () => buildSubmits(message({ binary: { udh, data: bytes(135) } }), settings, 0),
      /141 octets/,
    )
  })

  const split: [string, number, number[]][] = [
    ['exactly 140 octets is one part', 140, [140]],
    ['141 octets: two parts of 134 and 7', 141, [134, 7]],
    ['402 octets: three full parts', 402, [134, 134, 134]],
  ]
  for (const [name, size, partSizes] of split) {
    it(name, () => {
      const pdus = buildSubmits(message({ binary: { udh: null, data: bytes(size) } }), settings, 0)
      assert.deepEqual(
        pdus.map((p) => (p.short_message as Uint8Array).length - (p.esm_class === 0x40 ? 6 : 0)),
        partSizes,
      )
      if (pdus.length > 1) {
        pdus.forEach((p, i) =>
          assert.equal(
            hex((p.short_message as Uint8Array).subarray(0, 6)),
            `050003a70${pdus.length}0${i + 1}`,
          ),
        )
      }
    })
  }
})

describe('concatReference', () => {
  const cases: [string, number][] = [
    ['0190a3b2-0000-7000-8000-0000000000a7', 0xa7],
    ['0190a3b2-0000-7000-8000-0000000000ff', 0xff],
    ['0190a3b2-0000-7000-8000-000000000000', 0],
    ['not-hex-zz', 0],
  ]
  for (const [id, ref] of cases) it(`${id} → ${ref}`, () => assert.equal(concatReference(id), ref))
})

describe('validityPeriod', () => {
  const now = Date.UTC(2024, 2, 15, 12, 0, 0)
  const cases: [string, number | null, number | undefined, string][] = [
    ['none', null, undefined, ''],
    ['relative 2 days', null, 2 * 86_400, '000002000000000R'],
    ['relative 1h 2m 3s', null, 3723, '000000010203000R'],
    ['relative 30 days', null, 30 * 86_400, '000030000000000R'],
    ['absolute wins', Date.UTC(2024, 2, 16, 8, 30, 15, 700), 3600, '240316083015700+'],
    ['absolute in the past is now', now - 5000, undefined, '240315120000000+'],
  ]
  for (const [name, until, validityS, expected] of cases) {
    it(name, () => assert.equal(validityPeriod(until, validityS, now), expected))
  }
})
