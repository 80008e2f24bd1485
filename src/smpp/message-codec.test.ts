import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  addressText,
  decodeText,
  destinationAddress,
  encodeText,
  sourceAddress,
} from './message-codec.js'
import type { SmppAddress } from './message-codec.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('sourceAddress', () => {
  const cases: [string, SmppAddress][] = [
    ['Taube', { ton: 5, npi: 0, addr: 'Taube' }],
    ['Info 24', { ton: 5, npi: 0, addr: 'Info 24' }],
    ['1234abc', { ton: 5, npi: 0, addr: '1234abc' }],
    ['+491701234567', { ton: 1, npi: 1, addr: '491701234567' }],
    ['+4912', { ton: 1, npi: 1, addr: '4912' }],
    ['491701234567', { ton: 1, npi: 1, addr: '491701234567' }],
    ['12345678', { ton: 1, npi: 1, addr: '12345678' }],
    ['1234567', { ton: 3, npi: 0, addr: '1234567' }],
    ['80888', { ton: 3, npi: 0, addr: '80888' }],
  ]
  for (const [sender, expected] of cases) {
    it(`${sender} → TON ${expected.ton} NPI ${expected.npi}`, () =>
      assert.deepEqual(sourceAddress(sender), expected))
  }
})

describe('destinationAddress / addressText', () => {
  it('sends E.164 as international digits without +', () => {
    assert.deepEqual(destinationAddress('+491701234567'), { ton: 1, npi: 1, addr: '491701234567' })
    assert.deepEqual(destinationAddress('491701234567'), { ton: 1, npi: 1, addr: '491701234567' })
  })
  const cases: [string, number, string][] = [
    ['491701234567', 1, '+491701234567'],
    ['491701234567', 0, '491701234567'],
    ['80888', 3, '80888'],
    ['Taube', 5, 'Taube'],
  ]
  for (const [addr, ton, text] of cases) {
    it(`${addr} TON ${ton} → ${text}`, () => assert.equal(addressText(addr, ton), text))
  }
})

describe('encodeText / decodeText', () => {
  const cases: [string, number, string, string][] = [
    ['GSM unpacked septets', 0, 'Hi@€', '4869001b65'],
    ['UCS-2 with a surrogate pair', 8, 'ж😀', '0436d83dde00'],
  ]
  for (const [name, dc, text, bytes] of cases) {
    it(name, () => {
      assert.equal(hex(encodeText(text, dc === 8 ? 'ucs2' : 'gsm7')), bytes)
      assert.equal(decodeText(dc, Buffer.from(bytes, 'hex')), text)
    })
  }
  const reads: [number, string, string][] = [
    [3, 'e46f', 'äo'],
    [1, '48692e', 'Hi.'],
    [0, '48e4', 'Hä'], // octets ≥ 0x80 under data_coding 0: Latin-1
    [0xf1, '4869', 'Hi'], // GSM with message class
    [8, '00410042ff', 'AB'], // odd trailing octet dropped
  ]
  for (const [dc, bytes, text] of reads) {
    it(`reads data_coding 0x${dc.toString(16)} ${bytes}`, () =>
      assert.equal(decodeText(dc, Buffer.from(bytes, 'hex')), text))
  }
})
