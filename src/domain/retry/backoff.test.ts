import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { retryDelayMs } from './backoff.js'

describe('retryDelayMs', () => {
  const cases: [number, number, number | undefined, number][] = [
    [1, 0.5, undefined, 1000],
    [2, 0.5, undefined, 2000],
    [3, 0.5, undefined, 4000],
    [10, 0.5, undefined, 300_000],
    [30, 0.5, undefined, 300_000],
    [1, 0, undefined, 750],
    [1, 0.999, undefined, 1250],
    [1, 0.5, 5000, 5000], // the carrier's hint wins when longer
  ]
  for (const [attempt, jitter, hint, expected] of cases) {
    it(`attempt ${attempt}, jitter ${jitter}, hint ${hint} → ${expected}`, () =>
      assert.equal(retryDelayMs(attempt, jitter, hint), expected))
  }
})
