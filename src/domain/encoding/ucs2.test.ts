import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeUcs2, encodeUcs2 } from './ucs2.js'

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')

describe('encodeUcs2 / decodeUcs2', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['Hi', '00480069'],
    ['ç€', '00E720AC'],
    ['Привет', '041F04400438043204350442'],
    ['😀', 'D83DDE00'],
  ]
  for (const [text, encoded] of cases) {
    it(`round-trips ${JSON.stringify(text)}`, () => {
      const bytes = encodeUcs2(text)
      assert.equal(hex(bytes), encoded)
      assert.equal(decodeUcs2(bytes), text)
    })
  }

  it('decodes long inputs', () => {
    const text = 'ü'.repeat(100_000)
    assert.equal(decodeUcs2(encodeUcs2(text)), text)
  })

  it('rejects an odd byte count', () => {
    assert.throws(() => decodeUcs2(Uint8Array.of(0, 0x41, 0)), RangeError)
  })
})
