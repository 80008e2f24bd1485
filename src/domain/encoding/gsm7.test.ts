import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  GSM7_BASIC,
  GSM7_EXTENSION,
  decodeGsm7,
  encodeGsm7,
  gsm7Septets,
  packGsm7,
  unpackGsm7,
} from './gsm7.js'

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')

const fromHex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16))

describe('GSM7_BASIC', () => {
  it('has the 128 positions of TS 23.038', () => {
    assert.equal(GSM7_BASIC.length, 128)
    assert.equal([...GSM7_BASIC].length, 128)
  })

  const positions: [number, string][] = [
    [0x00, '@'],
    [0x09, 'Ç'],
    [0x0a, '\n'],
    [0x0d, '\r'],
    [0x10, 'Δ'],
    [0x1b, '\x1b'],
    [0x1f, 'É'],
    [0x20, ' '],
    [0x24, '¤'],
    [0x27, "'"],
    [0x40, '¡'],
    [0x5f, '§'],
    [0x60, '¿'],
    [0x7f, 'à'],
  ]
  for (const [code, ch] of positions) {
    it(`0x${code.toString(16)} is ${JSON.stringify(ch)}`, () => {
      assert.equal(GSM7_BASIC[code], ch)
    })
  }
})

describe('gsm7Septets', () => {
  const cases: [string, 0 | 1 | 2][] = [
    ['a', 1],
    ['@', 1],
    ['Ç', 1],
    ['\n', 1],
    ['€', 2],
    ['\\', 2],
    ['\f', 2],
    ['|', 2],
    ['ç', 0],
    ['`', 0],
    ['\x1b', 0],
    ['😀', 0],
    ['\t', 0],
  ]
  for (const [ch, cost] of cases) {
    it(`${JSON.stringify(ch)} costs ${cost}`, () => assert.equal(gsm7Septets(ch), cost))
  }

  it('costs 1 for every basic character except ESC', () => {
    for (const ch of GSM7_BASIC) if (ch !== '\x1b') assert.equal(gsm7Septets(ch), 1, ch)
  })

  it('costs 2 for every extension character', () => {
    for (const ch of GSM7_EXTENSION.keys()) assert.equal(gsm7Septets(ch), 2, ch)
  })
})

describe('encodeGsm7 / decodeGsm7', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['hello', '68656C6C6F'],
    ['@£$', '000102'],
    ['[x]', '1B3C781B3E'],
    ['5 €', '35201B65'],
    ['a\fb', '611B0A62'],
    ['ÄÖÜäöüß', '5B5C5E7B7C7E1E'],
  ]
  for (const [text, septets] of cases) {
    it(`round-trips ${JSON.stringify(text)}`, () => {
      assert.equal(hex(encodeGsm7(text)), septets)
      assert.equal(decodeGsm7(fromHex(septets)), text)
    })
  }

  const invalid = ['ç', 'a😀', '\x1b', 'tab\t']
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => encodeGsm7(text), RangeError)
    })
  }

  const decodeEdges: [string, string, string][] = [
    ['unknown extension code falls back to the basic character', '1B41', 'A'],
    ['CR2 position falls back to CR', '1B0D', '\r'],
    ['reserved ESC ESC shows a space', '611B1B62', 'a b'],
    ['lone trailing ESC is ignored', '611B', 'a'],
  ]
  for (const [name, septets, text] of decodeEdges) {
    it(name, () => assert.equal(decodeGsm7(fromHex(septets)), text))
  }

  it('rejects bytes above 0x7F', () => {
    assert.throws(() => decodeGsm7(Uint8Array.of(0x80)), RangeError)
  })

  it('decodes every table entry back to itself', () => {
    const basic = [...GSM7_BASIC].filter((ch) => ch !== '\x1b').join('')
    const all = basic + [...GSM7_EXTENSION.keys()].join('')
    assert.equal(decodeGsm7(encodeGsm7(all)), all)
  })
})

describe('packGsm7 / unpackGsm7', () => {
  // Golden values cross-checked with an independent bit-string implementation.
  const cases: [string, number, string][] = [
    ['', 0, ''],
    ['hellohello', 0, 'E8329BFD4697D9EC37'],
    ['Hello', 0, 'C8329BFD06'],
    ['Test', 0, 'D4F29C0E'],
    ['1234567', 0, '31D98C56B3DD00'],
    ['12345678', 0, '31D98C56B3DD70'],
    ['hellohello', 1, 'D06536FB8D2EB3D96F'],
    ['hellohello', 6, '00BACC66BFD16536FB0D'],
    ['A', 3, '0802'],
    ['[x]', 0, '1B1E7EE303'],
  ]
  for (const [text, padding, packed] of cases) {
    it(`packs ${JSON.stringify(text)} with ${padding} padding bits`, () => {
      const septets = encodeGsm7(text)
      assert.equal(hex(packGsm7(septets, padding)), packed)
      assert.deepEqual(unpackGsm7(fromHex(packed), septets.length, padding), septets)
    })
  }

  it('round-trips every septet value at every padding', () => {
    const septets = Uint8Array.from({ length: 128 }, (_, i) => i)
    for (let padding = 0; padding <= 6; padding++) {
      assert.deepEqual(unpackGsm7(packGsm7(septets, padding), 128, padding), septets)
    }
  })

  const bad: [string, () => unknown][] = [
    ['padding above 6', () => packGsm7(Uint8Array.of(1), 7)],
    ['negative padding', () => unpackGsm7(Uint8Array.of(1), 1, -1)],
    ['septet above 0x7F', () => packGsm7(Uint8Array.of(0x80))],
    ['too few bytes', () => unpackGsm7(Uint8Array.of(1), 2)],
  ]
  for (const [name, run] of bad) {
    it(`rejects ${name}`, () => assert.throws(run, RangeError))
  }
})
