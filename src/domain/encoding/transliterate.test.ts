import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { gsm7Septets } from './gsm7.js'
import { GSM7_LOOKALIKES, toGsm7Lookalikes } from './transliterate.js'

describe('toGsm7Lookalikes', () => {
  const cases: [string, string, string[]][] = [
    ['plain GSM text', 'plain GSM text', []],
    ['it’s ‘quoted’ ‚low‚ 5′', "it's 'quoted' 'low' 5'", []],
    ['“double” „low“ 5″ «guill»', '"double" "low" 5" "guill"', []],
    ['a – b — c − d', 'a - b - c - d', []],
    ['wait…', 'wait...', []],
    ['a\u00a0b\u2009c\u202fd\te\u3000f', 'a b c d e f', []],
    ['zero\u200bwidth\ufeff', 'zerowidth', []],
    ['façade Ça', 'faÇade Ça', []],
    ['más Ñandú', 'mas Ñandu', []],
    ['crêpe naïve Île', 'crepe naive Ile', []],
    ['déjà vu', 'déjà vu', []],
    ['e\u0301te\u0301', 'été', []],
    ['€5 {x}', '€5 {x}', []],
    ['hi 😀 ✓ 😀', 'hi 😀 ✓ 😀', ['😀', '✓']],
    ['Привет', 'Привет', ['П', 'р', 'и', 'в', 'е', 'т']],
    ['“ok” • ok', '"ok" • ok', ['•']],
  ]
  for (const [input, text, unmappable] of cases) {
    it(`maps ${JSON.stringify(input)}`, () => {
      assert.deepEqual(toGsm7Lookalikes(input), { text, unmappable })
    })
  }

  it('maps only non-GSM characters, each to GSM text', () => {
    for (const [from, to] of Object.entries(GSM7_LOOKALIKES)) {
      assert.equal(gsm7Septets(from), 0, `${from} is already GSM`)
      for (const ch of to) assert.notEqual(gsm7Septets(ch), 0, `${from} maps to non-GSM ${ch}`)
    }
  })
})
