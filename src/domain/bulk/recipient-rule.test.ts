import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  firstOccurrences,
  isListSource,
  listNumbersToSend,
  nextSource,
  resumeAt,
  type Cursor,
} from './recipient-rule.js'

type Entry = { phone: string; id: number; subscribed?: boolean; a?: string; cb?: string }

/** The whole rule on plain data: every recipient, from which source, in the order made. */
function recipients(
  list: string[],
  groups: Entry[][],
): { phone: string; from: string; a: string; cb: string | null }[] {
  const walked: { phone: string; from: string; a: string; cb: string | null }[] = []
  let source: number | null = resumeAt({ source: 0, position: 0 }).source
  while (source !== null) {
    if (isListSource(source, groups.length)) {
      const inGroups = new Set(
        groups
          .flat()
          .filter((e) => e.subscribed !== false)
          .map((e) => e.phone),
      )
      for (const phone of listNumbersToSend(list, inGroups))
        walked.push({ phone, from: 'list', a: '', cb: null })
    } else {
      const entries = [...groups[source - 1]!]
        .sort((x, y) => x.id - y.id)
        .filter((e) => e.subscribed !== false)
      for (const e of entries)
        walked.push({ phone: e.phone, from: `g${source}`, a: e.a ?? '', cb: e.cb ?? null })
    }
    source = nextSource(source, groups.length)
  }
  return firstOccurrences(walked, (r) => r.phone)
}

describe('bulk recipients: one SMS per number, from its first occurrence', () => {
  const cases: [string, string[], Entry[][], string[]][] = [
    ['the list alone, duplicates once', ['+491', '+492', '+491'], [], ['+491 list', '+492 list']],
    [
      'a number in the list and a group takes the group entry',
      ['+491', '+492'],
      [[{ phone: '+491', id: 5, a: 'Anna', cb: 'c1' }]],
      ['+491 g1 Anna c1', '+492 list'],
    ],
    [
      'a number in two groups takes the first group given',
      [],
      [[{ phone: '+491', id: 9, a: 'B' }], [{ phone: '+491', id: 1, a: 'A' }]],
      ['+491 g1 B'],
    ],
    [
      'twice in one group: the lower id',
      [],
      [
        [
          { phone: '+491', id: 7, a: 'late' },
          { phone: '+491', id: 3, a: 'early' },
        ],
      ],
      ['+491 g1 early'],
    ],
    [
      'an unsubscribed entry is no occurrence',
      ['+491'],
      [[{ phone: '+491', id: 1, a: 'X', subscribed: false }], [{ phone: '+491', id: 2, a: 'Y' }]],
      ['+491 g2 Y'],
    ],
    [
      'unsubscribed everywhere, but in the list: the list sends it',
      ['+491'],
      [[{ phone: '+491', id: 1, subscribed: false }]],
      ['+491 list'],
    ],
    [
      'list and groups together (7 occurrences, 5 numbers)',
      ['+491', '+492', '+493'],
      [
        [
          { phone: '+493', id: 1, a: 'C' },
          { phone: '+494', id: 2 },
        ],
        [
          { phone: '+494', id: 3 },
          { phone: '+495', id: 4 },
        ],
      ],
      ['+493 g1 C', '+494 g1', '+495 g2', '+491 list', '+492 list'],
    ],
  ]
  for (const [name, list, groups, expected] of cases) {
    it(name, () => {
      const got = recipients(list, groups).map((r) =>
        [r.phone, r.from, r.a, r.cb ?? ''].filter((x) => x !== '').join(' '),
      )
      assert.deepEqual(got, expected)
    })
  }
})

describe('walk order', () => {
  const cases: [string, Cursor, number, (number | null)[]][] = [
    [
      'a new bulk starts with the first group, the list last',
      { source: 0, position: 0 },
      2,
      [1, 2, 3, null],
    ],
    ['without groups the list is the first source', { source: 0, position: 0 }, 0, [1, null]],
    [
      'a cursor saved when the list came first starts over',
      { source: 0, position: 40 },
      1,
      [1, 2, null],
    ],
    ['a saved cursor resumes where it was', { source: 2, position: 40 }, 2, [2, 3, null]],
  ]
  for (const [name, saved, groups, expected] of cases) {
    it(name, () => {
      const seen: (number | null)[] = []
      let s: number | null = resumeAt(saved).source
      while (s !== null) {
        seen.push(s)
        s = nextSource(s, groups)
      }
      seen.push(null)
      assert.deepEqual(seen, expected)
    })
  }
  it('keeps the position of a cursor it resumes', () =>
    assert.deepEqual(resumeAt({ source: 2, position: 40 }), { source: 2, position: 40 }))
  it('the list is the source after the groups', () => {
    assert.equal(isListSource(3, 2), true)
    assert.equal(isListSource(2, 2), false)
  })
})
