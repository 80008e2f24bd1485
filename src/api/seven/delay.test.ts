import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { parseDelay } from './delay.js'

describe('parseDelay', () => {
  const cases: [unknown, number | null][] = [
    [1767268800, 1767268800],
    ['1767268800', 1767268800],
    [1767268800123, 1767268800], // a Date's valueOf(), as @seven.io/client sends it
    ['2026-01-15 13:00:00', Date.UTC(2026, 0, 15, 12, 0, 0) / 1000], // CET, UTC+1
    ['2026-07-15 14:00:00', Date.UTC(2026, 6, 15, 12, 0, 0) / 1000], // CEST, UTC+2
    ['2026-02-30 10:00:00', null],
    ['2026-01-15 24:00:00', null],
    ['tomorrow', null],
    [-5, null],
    [1.5, null],
    [true, null],
    [{}, null],
  ]
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(parseDelay(input), expected))
  }
})
