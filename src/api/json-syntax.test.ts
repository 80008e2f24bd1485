import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { JsonSyntaxScanner } from './json-syntax.js'

/** The scanner's verdict on the whole text, fed in pieces of `step` bytes. */
function scan(text: string, step: number): string | null {
  const bytes = Buffer.from(text)
  const scanner = new JsonSyntaxScanner()
  for (let i = 0; i < bytes.length; i += step) {
    const problem = scanner.push(bytes.subarray(i, i + step))
    if (problem !== null) return problem
  }
  return scanner.end()
}

describe('JsonSyntaxScanner', () => {
  // What JSON.parse takes, the scanner takes, however the bytes are split.
  const valid = [
    '{}',
    '[]',
    ' [ 1 , -2.5e+3 , true , false , null , "x" ] ',
    '{"a":{"b":[{"c":"}]{[,:\\"\\\\"}]},"d":"\\u202e"}',
    '"just a string"',
    '42',
    '[[[[]]],{}]',
    '{"phone":"+491701234567","a":"Zoë 😀 漢字"}\n',
  ]
  for (const text of valid) {
    it(`takes ${JSON.stringify(text)}`, () => {
      JSON.parse(text)
      for (const step of [1, 2, 3, 7, 1000]) assert.equal(scan(text, step), null, `step ${step}`)
    })
  }

  // Structure errors are found at their byte, whatever the split.
  const invalid: [string, RegExp][] = [
    ['xyz', /a value was expected at byte 0/],
    ['[1,]', /a value was expected at byte 3/],
    ['{"a" 1}', /':' was expected after a property name at byte 5/],
    ['{"a":1 "b":2}', /',' or '}' was expected at byte 7/],
    ['{a:1}', /a property name in double quotes was expected at byte 1/],
    ['[1}', /',' or ']' was expected at byte 2/],
    ['{"a":1]', /',' or '}' was expected at byte 6/],
    ['[tru]', /an unknown literal at byte 4/],
    ['[nul', /it ends too early at byte 4/],
    ['{"a":"b', /it ends too early/],
    ['"a\nb"', /a control character inside a string at byte 2/],
    ['{} {}', /there is more after the JSON value at byte 3/],
    ['[1] x', /there is more after the JSON value at byte 4/],
  ]
  for (const [text, problem] of invalid) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.throws(() => JSON.parse(text))
      for (const step of [1, 2, 1000])
        assert.match(scan(text, step) ?? 'accepted', problem, `step ${step}`)
    })
  }

  it('leaves a blank body to the parser (no body)', () => {
    assert.equal(scan('', 10), null)
    assert.equal(scan(' \r\n\t', 1), null)
  })
})
