import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { matchInDoubt, type InDoubtCandidate } from './in-doubt.js'

const one = (uuid: string, text: string, isUnicode = false): InDoubtCandidate => ({
  uuid,
  text,
  isUnicode,
  partsCount: 1,
})
const LONG = 'Part one is exactly here. '.repeat(7) // 182 GSM characters: 2 parts of 153 + 29
const long: InDoubtCandidate = { uuid: 'long', text: LONG, isUnicode: false, partsCount: 2 }
const secondPart = LONG.slice(153)

describe('matchInDoubt', () => {
  const cases: [string, InDoubtCandidate[], string | null, ReturnType<typeof matchInDoubt>][] = [
    [
      'the text as the SMSC copies it',
      [one('a', 'cluster 17')],
      'cluster 17',
      { uuid: 'a', part: 1, total: 1 },
    ],
    [
      'cut at 20 characters',
      [one('a', 'Your code is 123456, valid for 5 minutes')],
      'Your code is 123456,',
      { uuid: 'a', part: 1, total: 1 },
    ],
    [
      'cut sooner by the SMSC',
      [one('a', 'Your code is 123456')],
      'Your code',
      { uuid: 'a', part: 1, total: 1 },
    ],
    [
      'trailing space at the cut is trimmed',
      [one('a', 'Your code is 1234567 x')],
      'Your code is 1234567',
      { uuid: 'a', part: 1, total: 1 },
    ],
    ['another text is not it', [one('a', 'cluster 17')], 'cluster 18', null],
    ['longer than the message is not it', [one('a', 'hi')], 'hi there', null],
    [
      'the right one of several',
      [one('a', 'cluster 1'), one('b', 'cluster 2')],
      'cluster 2',
      { uuid: 'b', part: 1, total: 1 },
    ],
    [
      'the oldest of equal texts',
      [one('a', 'same'), one('b', 'same')],
      'same',
      { uuid: 'a', part: 1, total: 1 },
    ],
    [
      '? stands for a character not printable',
      [one('a', 'Grüße 😀', true)],
      'Gr??e ?',
      { uuid: 'a', part: 1, total: 1 },
    ],
    ['? does not stand for nothing', [one('a', 'Grüß', true)], 'Gr???', null],
    [
      'a letter does not match a character not printable',
      [one('a', 'Grüße', true)],
      'Gruesse',
      null,
    ],
    [
      'the first part of a long message',
      [long],
      LONG.slice(0, 20),
      { uuid: 'long', part: 1, total: 2 },
    ],
    [
      'the second part of a long message',
      [long],
      secondPart.slice(0, 20).trimEnd(),
      { uuid: 'long', part: 2, total: 2 },
    ],
    [
      'no text: a lone message of one part',
      [one('a', 'x')],
      null,
      { uuid: 'a', part: 1, total: 1 },
    ],
    ['no text: never a guess among several', [one('a', 'x'), one('b', 'y')], '', null],
    ['no text: never a part of a long message', [long], null, null],
    ['no candidates', [], 'cluster 1', null],
  ]
  for (const [name, candidates, text, expected] of cases) {
    it(name, () => assert.deepEqual(matchInDoubt(candidates, text), expected))
  }
})
