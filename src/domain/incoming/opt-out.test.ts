import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_STOP_KEYWORDS, isStopMessage, parseStopKeywords } from './opt-out.js'

describe('isStopMessage', () => {
  const cases: [string, boolean][] = [
    ['STOP', true],
    ['stop', true],
    ['Stop', true],
    ['  STOP  ', true],
    ['STOP\n', true],
    ['Stop!', true],
    ['stop.', true],
    ['STOPP', true],
    ['abmelden', true],
    ['Unsubscribe', true],
    ['ＳＴＯＰ', true], // full-width letters, as some keyboards send them
    ['STOP please', false],
    ['please stop', false],
    ['STOPPT', false],
    ['ST OP', false],
    ['', false],
    ['   ', false],
    ['!', false],
    ['STOP?', false],
    ['Hello', false],
  ]
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected}`, () =>
      assert.equal(isStopMessage(text, DEFAULT_STOP_KEYWORDS), expected))
  }

  it('uses only the keywords given', () => {
    assert.equal(isStopMessage('STOP', ['ENDE']), false)
    assert.equal(isStopMessage('ende', ['ENDE']), true)
    assert.equal(isStopMessage('STOP', []), false)
  })
})

describe('parseStopKeywords', () => {
  it('splits, trims and drops blanks', () =>
    assert.deepEqual(parseStopKeywords(' STOP, ende ,,Quit '), ['STOP', 'ende', 'Quit']))
})
