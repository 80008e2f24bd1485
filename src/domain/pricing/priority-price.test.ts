import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { priorityHundredths, priorityPrice } from './priority-price.js'

describe('priorityPrice', () => {
  const cases: [number, number, number, number][] = [
    // price, priority (hundredths), surcharge %, result
    [75_000, 100, 100, 75_000],
    [75_000, 200, 100, 150_000],
    [75_000, 150, 100, 112_500],
    [75_000, 101, 100, 75_750],
    [75_000, 200, 50, 112_500],
    [75_000, 300, 0, 75_000],
    [1, 150, 100, 2], // 1.5 rounds half up
    [333_333, 133, 100, 443_333],
    [9_000_000_000, 9_999, 1_000, 8_918_100_000_000],
  ]
  for (const [price, priority, surcharge, out] of cases)
    it(`${price} at ${priority} with ${surcharge}% → ${out}`, () => {
      assert.equal(priorityPrice(price, priority, surcharge), out)
    })
})

describe('priorityHundredths', () => {
  const cases: [number, number | null][] = [
    [1, 100],
    [1.0, 100],
    [1.01, 101],
    [2, 200],
    [99.99, 9_999],
    [0.99, null],
    [0, null],
    [-1, null],
    [100, null],
    [1.001, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ]
  for (const [v, out] of cases)
    it(`${v} → ${out}`, () => {
      assert.equal(priorityHundredths(v), out)
    })
})
