import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { encodeGsm7 } from './gsm7.js'
import { encodeUcs2 } from './ucs2.js'
import { DATA_CODING, decodeText, withMessageClass, type MessageClass } from './data-coding.js'

describe('withMessageClass', () => {
  const cases: [number, MessageClass | null, number][] = [
    [DATA_CODING.gsm7, null, 0x00],
    [DATA_CODING.ucs2, null, 0x08],
    [DATA_CODING.binary, null, 0x04],
    [DATA_CODING.gsm7, 0, 0x10],
    [DATA_CODING.gsm7, 1, 0x11],
    [DATA_CODING.gsm7, 2, 0x12],
    [DATA_CODING.gsm7, 3, 0x13],
    [DATA_CODING.binary, 0, 0x14],
    [DATA_CODING.binary, 2, 0x16],
    [DATA_CODING.ucs2, 0, 0x18],
    [DATA_CODING.ucs2, 3, 0x1b],
  ]
  for (const [dc, cls, expected] of cases) {
    it(`data_coding ${dc} with class ${cls} → 0x${expected.toString(16)}`, () => {
      assert.equal(withMessageClass(dc, cls), expected)
    })
  }
})

describe('decodeText with a message class', () => {
  const cases: [number, Uint8Array, string][] = [
    [0x10, encodeGsm7('Flash {1}'), 'Flash {1}'],
    [0x13, encodeGsm7('Klasse 3 äö'), 'Klasse 3 äö'],
    [0x18, encodeUcs2('Привет 👋'), 'Привет 👋'],
    [0x1a, encodeUcs2('日本'), '日本'],
    [0xf0, encodeGsm7('old style'), 'old style'],
    // 8-bit data with a class is no text: its octets as Latin-1.
    [0x14, Uint8Array.from([0x41, 0xe9]), 'Aé'],
  ]
  for (const [dc, bytes, text] of cases) {
    it(`0x${dc.toString(16)}: ${text}`, () => {
      assert.equal(decodeText(dc, bytes), text)
    })
  }
})
