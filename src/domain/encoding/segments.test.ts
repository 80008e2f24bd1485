import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { GSM7_BASIC, GSM7_EXTENSION, gsm7Septets } from './gsm7.js'
import { SMS_LIMITS, analyzeText, splitParts } from './segments.js'
import type { SmsEncoding, TextAnalysis, TextError } from './segments.js'

const analysis = (text: string, isUnicode: boolean | null): TextAnalysis => {
  const result = analyzeText(text, isUnicode)
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`)
  return result.value
}

const failure = (text: string, isUnicode: boolean | null): TextError => {
  const result = analyzeText(text, isUnicode)
  assert.ok(!result.ok, `expected an error, got ${JSON.stringify(result)}`)
  return result.error
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

describe('analyzeText: GSM tables under auto-detection', () => {
  const basic = [...GSM7_BASIC].filter((ch) => ch !== '\x1b')
  const cases: [string, number][] = [
    ...basic.map((ch): [string, number] => [ch, 1]),
    ...[...GSM7_EXTENSION.keys()].map((ch): [string, number] => [ch, 2]),
  ]
  for (const [ch, cost] of cases) {
    it(`${JSON.stringify(ch)} is GSM and costs ${cost}`, () => {
      // Padded so that whitespace-only characters are not rejected as empty text.
      const value = analysis(`x${ch}`, null)
      assert.equal(value.encoding, 'gsm7')
      assert.equal(value.isUnicode, false)
      assert.equal(value.charsCount, 1 + cost)
    })
  }
})

describe('analyzeText: length boundaries', () => {
  const cases: [string, string, boolean | null, SmsEncoding, number, number][] = [
    ['GSM single', 'a'.repeat(160), null, 'gsm7', 160, 1],
    ['GSM first concatenated', 'a'.repeat(161), null, 'gsm7', 161, 2],
    ['GSM two full parts', 'a'.repeat(306), null, 'gsm7', 306, 2],
    ['GSM third part', 'a'.repeat(307), null, 'gsm7', 307, 3],
    ['GSM maximum', 'a'.repeat(1530), null, 'gsm7', 1530, 10],
    ['GSM extension counts 2', '€'.repeat(80), null, 'gsm7', 160, 1],
    ['GSM extension over single', '€'.repeat(81), null, 'gsm7', 162, 2],
    ['UCS-2 single', 'ж'.repeat(70), null, 'ucs2', 70, 1],
    ['UCS-2 first concatenated', 'ж'.repeat(71), null, 'ucs2', 71, 2],
    ['UCS-2 two full parts', 'ж'.repeat(134), null, 'ucs2', 134, 2],
    ['UCS-2 third part', 'ж'.repeat(135), null, 'ucs2', 135, 3],
    ['UCS-2 maximum', 'ж'.repeat(670), null, 'ucs2', 670, 10],
    ['emoji count 2', '😀'.repeat(35), null, 'ucs2', 70, 1],
    ['emoji over single', '😀'.repeat(36), null, 'ucs2', 72, 2],
    ['sample text', 'Hello! This is a test SMS message.', null, 'gsm7', 34, 1],
    ['ASCII forced to UCS-2', 'Hello', true, 'ucs2', 5, 1],
    ['ASCII forced to GSM', 'Hello', false, 'gsm7', 5, 1],
    ['ellipsis expands before counting', '…'.repeat(54), false, 'gsm7', 162, 2],
    ['ESC pairs fill 10 parts', '{'.repeat(760), null, 'gsm7', 1520, 10],
  ]
  for (const [name, text, isUnicode, encoding, charsCount, partsCount] of cases) {
    it(name, () => {
      const value = analysis(text, isUnicode)
      assert.deepEqual(
        { encoding: value.encoding, charsCount: value.charsCount, partsCount: value.partsCount },
        { encoding, charsCount, partsCount },
      )
      assert.equal(value.isUnicode, encoding === 'ucs2')
    })
  }
})

describe('analyzeText: encoding choice', () => {
  const cases: [string, string, boolean | null, SmsEncoding, string][] = [
    ['ç forces Unicode under auto', 'ça va', null, 'ucs2', 'ça va'],
    ['ç maps to Ç when GSM is forced', 'ça va', false, 'gsm7', 'Ça va'],
    ['auto does not map lookalikes', 'it’s', null, 'ucs2', 'it’s'],
    ['forced GSM maps lookalikes', 'it’s', false, 'gsm7', "it's"],
    ['forced Unicode keeps the text', 'ça va', true, 'ucs2', 'ça va'],
  ]
  for (const [name, input, isUnicode, encoding, text] of cases) {
    it(name, () => {
      const value = analysis(input, isUnicode)
      assert.equal(value.encoding, encoding)
      assert.equal(value.text, text)
    })
  }
})

describe('analyzeText: errors', () => {
  const cases: [string, string, boolean | null, TextError][] = [
    ['empty', '', null, { code: 'TEXT_EMPTY' }],
    ['whitespace only', ' \n\t\u00a0', null, { code: 'TEXT_EMPTY' }],
    ['whitespace only, forced GSM', '   ', false, { code: 'TEXT_EMPTY' }],
    ['invisible only, forced GSM', '\u200b\ufeff', false, { code: 'TEXT_EMPTY' }],
    [
      'emoji with forced GSM',
      'hi 😀 ✓ 😀',
      false,
      { code: 'TEXT_NOT_GSM', characters: ['😀', '✓'] },
    ],
    [
      'GSM over maximum',
      'a'.repeat(1531),
      null,
      { code: 'TEXT_TOO_LONG', encoding: 'gsm7', charsCount: 1531, max: 1530 },
    ],
    [
      'GSM extension over maximum',
      `a${'€'.repeat(765)}`,
      null,
      { code: 'TEXT_TOO_LONG', encoding: 'gsm7', charsCount: 1531, max: 1530 },
    ],
    [
      'ESC pairs that would need an 11th part',
      '{'.repeat(765),
      null,
      { code: 'TEXT_TOO_LONG', encoding: 'gsm7', charsCount: 1530, max: 1530 },
    ],
    [
      'UCS-2 over maximum',
      'ж'.repeat(671),
      null,
      { code: 'TEXT_TOO_LONG', encoding: 'ucs2', charsCount: 671, max: 670 },
    ],
    [
      'ASCII forced to UCS-2 over maximum',
      'a'.repeat(671),
      true,
      { code: 'TEXT_TOO_LONG', encoding: 'ucs2', charsCount: 671, max: 670 },
    ],
  ]
  for (const [name, text, isUnicode, error] of cases) {
    it(name, () => assert.deepEqual(failure(text, isUnicode), error))
  }
})

describe('splitParts', () => {
  const cases: [string, string, SmsEncoding, string[]][] = [
    ['empty text is one part', '', 'gsm7', ['']],
    ['fits single', 'a'.repeat(160), 'gsm7', ['a'.repeat(160)]],
    ['GSM chunks of 153', 'a'.repeat(161), 'gsm7', ['a'.repeat(153), 'a'.repeat(8)]],
    [
      'extension char at the boundary moves to the next part',
      `${'a'.repeat(152)}{${'b'.repeat(10)}`,
      'gsm7',
      ['a'.repeat(152), `{${'b'.repeat(10)}`],
    ],
    [
      'extension char that fits stays',
      `${'a'.repeat(151)}{${'b'.repeat(10)}`,
      'gsm7',
      [`${'a'.repeat(151)}{`, 'b'.repeat(10)],
    ],
    ['UCS-2 chunks of 67', 'ж'.repeat(71), 'ucs2', ['ж'.repeat(67), 'ж'.repeat(4)]],
    [
      'emoji at the boundary moves to the next part',
      `${'ж'.repeat(66)}😀${'ж'.repeat(5)}`,
      'ucs2',
      ['ж'.repeat(66), `😀${'ж'.repeat(5)}`],
    ],
  ]
  for (const [name, text, encoding, parts] of cases) {
    it(name, () => assert.deepEqual(splitParts(text, encoding), parts))
  }

  const limits: [string, string, SmsEncoding][] = [
    ['emoji only', '😀'.repeat(300), 'ucs2'],
    ['mixed emoji', 'a😀'.repeat(200), 'ucs2'],
    ['extension only', '€'.repeat(700), 'gsm7'],
    ['mixed extension', 'a{'.repeat(500), 'gsm7'],
  ]
  for (const [name, text, encoding] of limits) {
    it(`${name}: no pair is split and no part exceeds its limit`, () => {
      const parts = splitParts(text, encoding)
      assert.equal(parts.join(''), text)
      for (const part of parts) {
        assert.ok(!LONE_SURROGATE.test(part))
        const units =
          encoding === 'ucs2' ? part.length : [...part].reduce((n, ch) => n + gsm7Septets(ch), 0)
        assert.ok(units <= SMS_LIMITS[encoding].part, `part of ${units} units`)
      }
    })
  }

  it('rejects non-GSM text for gsm7', () => {
    assert.throws(() => splitParts('😀'.repeat(100), 'gsm7'), RangeError)
  })
})
