import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { isSafeText, type TextFormat } from './unsafe-characters.js'

describe('isSafeText', () => {
  // [text, safe as message text, safe as a label]
  const cases: [string, string, boolean, boolean][] = [
    ['plain', 'Hello, world', true, true],
    ['emoji pair', 'ok 😀', true, true],
    ['Arabic with RLM', 'مرحبا \u200f', true, true],
    ['line breaks and tab', 'a\nb\r\n\tc', true, false],
    ['NUL', 'a\u0000b', false, false],
    ['DEL', 'a\u007fb', true, false],
    ['C1 control', 'a\u0085b', true, false],
    ['lone high surrogate at the end', 'ok \ud83d', false, false],
    ['lone low surrogate', '\ude00x', false, false],
    ['swapped pair', '\ude00\ud83d', false, false],
    ['LRE embedding', '\u202a123\u202c', true, false],
    ['RLE embedding', '\u202b123\u202c', true, false],
    ['LRO override', '\u202dabc', false, false],
    ['RLO override', 'moc.\u202eknab', false, false],
    ['LRI isolate', '\u2066abc\u2069', true, false],
    ['RLI isolate', '\u2067abc\u2069', true, false],
    ['FSI isolate', '\u2068abc\u2069', true, false],
  ]
  for (const [name, text, message, label] of cases) {
    it(name, () => {
      const got: Record<TextFormat, boolean> = {
        'message-text': isSafeText(text, 'message-text'),
        label: isSafeText(text, 'label'),
      }
      assert.deepEqual(got, { 'message-text': message, label })
    })
  }
})
