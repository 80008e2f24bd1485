import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Breakers, type BreakerOptions } from './circuit-breaker.js'

const OPTS: BreakerOptions = { failures: 3, coolDownMs: 1000, maxCoolDownMs: 3000 }

// A step: at time `at`, an attempt starts ('start', as normal or probe as the breaker says) or
// ends ('ok' / 'fail' of the attempt started at step `of`), or the room is read ('room').
type Step =
  | { at: number; do: 'start' }
  | { at: number; do: 'ok' | 'fail'; of: number }
  | { at: number; do: 'abandon'; of: number }
type Case = { name: string; steps: Step[]; room: [at: number, expected: number][]; state: string }

const start = (at: number): Step => ({ at, do: 'start' })
const ok = (at: number, of: number): Step => ({ at, do: 'ok', of })
const fail = (at: number, of: number): Step => ({ at, do: 'fail', of })

const CASES: Case[] = [
  {
    name: 'stays closed below the threshold',
    steps: [start(0), start(0), fail(1, 0), fail(1, 1)],
    room: [[2, Infinity]],
    state: 'closed',
  },
  {
    name: 'a success resets the count of consecutive failures',
    steps: [start(0), start(0), start(0), fail(1, 0), fail(1, 1), ok(1, 2), start(2), fail(3, 6)],
    room: [[4, Infinity]],
    state: 'closed',
  },
  {
    name: 'opens after N consecutive failures: no attempt until the cool-down has passed',
    steps: [start(0), start(0), start(0), fail(10, 0), fail(10, 1), fail(10, 2)],
    room: [
      [10, 0],
      [1009, 0],
      [1010, 1],
    ],
    state: 'open',
  },
  {
    name: 'late outcomes of attempts started before it opened change nothing',
    steps: [
      start(0),
      start(0),
      start(0),
      start(0),
      fail(10, 0),
      fail(10, 1),
      fail(10, 2),
      ok(20, 3),
    ],
    room: [[20, 0]],
    state: 'open',
  },
  {
    name: 'half-open lets one probe through at a time',
    steps: [start(0), start(0), start(0), fail(10, 0), fail(10, 1), fail(10, 2), start(1010)],
    room: [
      [1010, 0],
      [5000, 0],
    ],
    state: 'half-open',
  },
  {
    name: 'a successful probe closes it',
    steps: [
      start(0),
      start(0),
      start(0),
      fail(10, 0),
      fail(10, 1),
      fail(10, 2),
      start(1010),
      ok(1020, 6),
    ],
    room: [[1020, Infinity]],
    state: 'closed',
  },
  {
    name: 'a failed probe opens it again for twice the cool-down',
    steps: [
      start(0),
      start(0),
      start(0),
      fail(10, 0),
      fail(10, 1),
      fail(10, 2),
      start(1010),
      fail(1020, 6),
    ],
    room: [
      [1020, 0],
      [3019, 0],
      [3020, 1],
    ],
    state: 'open',
  },
  {
    name: 'the cool-down doubles up to its maximum',
    steps: [
      start(0),
      start(0),
      start(0),
      fail(0, 0),
      fail(0, 1),
      fail(0, 2), // open until 1000
      start(1000),
      fail(1000, 6), // 2000: until 3000
      start(3000),
      fail(3000, 8), // 4000 > max 3000: until 6000
      start(6000),
      fail(6000, 10), // until 9000
    ],
    room: [
      [8999, 0],
      [9000, 1],
    ],
    state: 'open',
  },
  {
    name: 'a probe that was not made lets the next one through',
    steps: [
      start(0),
      start(0),
      start(0),
      fail(0, 0),
      fail(0, 1),
      fail(0, 2),
      start(1000),
      { at: 1001, do: 'abandon', of: 6 },
    ],
    room: [[1001, 1]],
    state: 'half-open',
  },
]

describe('circuit breaker', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const b = new Breakers(OPTS)
      const tickets: ('normal' | 'probe')[] = []
      c.steps.forEach((s, i) => {
        if (s.do === 'start') tickets[i] = b.started('t', s.at)
        else if (s.do === 'abandon') b.abandoned('t', tickets[s.of]!, s.at)
        else b.finished('t', tickets[s.of]!, s.do === 'ok', s.at)
      })
      const last = c.steps.at(-1)!.at
      assert.equal(b.state('t', last).kind, c.state)
      for (const [at, expected] of c.room) assert.equal(b.room('t', at), expected, `room at ${at}`)
    })
  }

  it('keeps targets apart and reports the earliest probe time', () => {
    const b = new Breakers(OPTS)
    for (let i = 0; i < 3; i++) b.finished('a', b.started('a', 0), false, 0)
    for (let i = 0; i < 3; i++) b.finished('b', b.started('b', 500), false, 500)
    assert.equal(b.room('c', 600), Infinity)
    assert.equal(b.nextProbeAt(), 1000)
    assert.equal(b.room('a', 1000), 1)
    assert.equal(b.nextProbeAt(), 1500)
  })
})
