import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TargetSlots, type TargetHead } from './target-slots.js'

const head = (targetKey: string, accountId = 1, dueAt = 0): TargetHead => ({
  targetKey,
  accountId,
  dueAt,
})

type Case = {
  name: string
  limits?: { perTarget: number; perAccount: number }
  /** Deliveries already in flight: [target, account]. */
  busy?: [string, number][]
  heads: TargetHead[]
  limit: number
  breaker?: Record<string, number>
  expected: [string, number][]
}

const CASES: Case[] = [
  {
    name: 'a lone target gets up to its cap',
    heads: [head('a')],
    limit: 100,
    expected: [['a', 4]],
  },
  {
    name: 'free places are shared round-robin, in the order given',
    heads: [head('a', 1), head('b', 2), head('c', 3)],
    limit: 7,
    expected: [
      ['a', 3],
      ['b', 2],
      ['c', 2],
    ],
  },
  {
    name: 'a target at its cap gets nothing; the others still do',
    busy: [
      ['a', 1],
      ['a', 1],
      ['a', 1],
      ['a', 1],
    ],
    heads: [head('a', 1), head('b', 2)],
    limit: 10,
    expected: [['b', 4]],
  },
  {
    name: 'a target partly busy gets only what is left of its cap',
    busy: [
      ['a', 1],
      ['a', 1],
      ['a', 1],
    ],
    heads: [head('a', 1), head('b', 2)],
    limit: 10,
    expected: [
      ['a', 1],
      ['b', 4],
    ],
  },
  {
    name: 'an account with many targets gets no more than its cap across them',
    limits: { perTarget: 4, perAccount: 6 },
    heads: [head('a1', 1), head('a2', 1), head('a3', 1), head('b', 2)],
    limit: 100,
    expected: [
      ['a1', 2],
      ['a2', 2],
      ['a3', 2],
      ['b', 4],
    ],
  },
  {
    name: "what an account's busy targets hold counts against its other targets",
    limits: { perTarget: 4, perAccount: 6 },
    busy: [
      ['a1', 1],
      ['a1', 1],
      ['a1', 1],
      ['a1', 1],
    ],
    heads: [head('a1', 1), head('a2', 1), head('b', 2)],
    limit: 100,
    expected: [
      ['a2', 2],
      ['b', 4],
    ],
  },
  {
    name: 'targets not yet due are left out',
    heads: [head('a', 1, 5000), head('b', 2, 1000)],
    limit: 10,
    expected: [['b', 4]],
  },
  {
    name: 'an open breaker gives no room, a half-open one a single probe',
    heads: [head('a', 1), head('b', 2), head('c', 3)],
    breaker: { a: 0, b: 1 },
    limit: 10,
    expected: [
      ['b', 1],
      ['c', 4],
    ],
  },
  {
    name: 'a limit smaller than the targets serves the first in turn',
    heads: [head('a', 1), head('b', 2), head('c', 3)],
    limit: 2,
    expected: [
      ['a', 1],
      ['b', 1],
    ],
  },
  {
    name: 'nothing when every place is taken',
    heads: [head('a')],
    limit: 0,
    expected: [],
  },
]

describe('target slots: allocation of free places', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const slots = new TargetSlots(c.limits ?? { perTarget: 4, perAccount: 100 })
      for (const [t, a] of c.busy ?? []) slots.take(t, a)
      const plan = slots.allocate(c.heads, c.limit, 1000, (t) => c.breaker?.[t] ?? Infinity)
      assert.deepEqual(
        plan.map((p) => [p.targetKey, p.n]),
        c.expected,
      )
    })
  }

  it('counts places taken and given back per target and per account', () => {
    const slots = new TargetSlots({ perTarget: 4, perAccount: 6 })
    slots.take('a', 1)
    slots.take('a', 1)
    slots.take('b', 1)
    assert.deepEqual(
      [slots.inFlight('a'), slots.inFlight('b'), slots.accountInFlight(1)],
      [2, 1, 3],
    )
    slots.give('a', 1)
    slots.give('b', 1)
    assert.deepEqual(
      [slots.inFlight('a'), slots.inFlight('b'), slots.accountInFlight(1)],
      [1, 0, 1],
    )
  })
})
