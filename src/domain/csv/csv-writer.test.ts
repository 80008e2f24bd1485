import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { csvField, csvRecord } from './csv-writer.js'

describe('csvField', () => {
  const cases: [string | null, string][] = [
    [null, ''],
    ['', ''],
    ['plain', 'plain'],
    ['+491701234567', '+491701234567'],
    [' spaced ', ' spaced '],
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['l1\nl2', '"l1\nl2"'],
    ['l1\r\nl2', '"l1\r\nl2"'],
    ['l1\rl2', '"l1\rl2"'],
    ['Müller 😀', 'Müller 😀'],
    ['=1+2', '=1+2'],
  ]
  for (const [value, out] of cases) {
    it(`${JSON.stringify(value)} → ${JSON.stringify(out)}`, () =>
      assert.equal(csvField(value), out))
  }
})

describe('csvRecord', () => {
  it('joins with commas and ends with CRLF', () => {
    assert.equal(csvRecord(['id', 'phone', null, 'a,b']), 'id,phone,,"a,b"\r\n')
    assert.equal(csvRecord([]), '\r\n')
    assert.equal(csvRecord([null, null]), ',\r\n')
  })
})
