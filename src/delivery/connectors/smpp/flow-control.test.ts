import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { FlowControl } from './flow-control.js'

const state = (f: FlowControl) => ({ window: f.window, rate: f.ratePerS })

describe('FlowControl (AIMD)', () => {
  it('starts at the configured values', () => {
    assert.deepEqual(state(new FlowControl({ window: 10, ratePerS: 100, backoffMs: 500 }, 0)), {
      window: 10,
      rate: 100,
    })
    assert.deepEqual(state(new FlowControl({ window: 7, ratePerS: null, backoffMs: 500 }, 0)), {
      window: 7,
      rate: null,
    })
  })

  it('halves once per backoff period, pauses, then adds 10 % per clean second up to the maximum', () => {
    const f = new FlowControl({ window: 10, ratePerS: 100, backoffMs: 500 }, 0)
    f.onThrottle(1000)
    assert.deepEqual(state(f), { window: 5, rate: 50 })
    assert.equal(f.waitMs(1000), 500, 'paused for the backoff')
    f.onThrottle(1200)
    assert.deepEqual(state(f), { window: 5, rate: 50 }, 'answers to the same burst count once')
    f.onSuccess(1900)
    assert.deepEqual(
      state(f),
      { window: 5, rate: 50 },
      'no increase within a second of the pause end',
    )
    const steps: [number, { window: number; rate: number }][] = [
      [2500, { window: 6, rate: 60 }],
      [2600, { window: 6, rate: 60 }],
      [3500, { window: 7, rate: 70 }],
      [4500, { window: 8, rate: 80 }],
      [5500, { window: 9, rate: 90 }],
      [6500, { window: 10, rate: 100 }],
      [7500, { window: 10, rate: 100 }],
    ]
    for (const [at, expected] of steps) {
      f.onSuccess(at)
      assert.deepEqual(state(f), expected, `at ${at} ms`)
    }
    f.onThrottle(8000)
    assert.deepEqual(state(f), { window: 5, rate: 50 }, 'a later throttle halves again')
  })

  it('never goes below a window of 1 and a rate of 1/s', () => {
    const f = new FlowControl({ window: 1, ratePerS: 1.5, backoffMs: 10 }, 0)
    for (let t = 0; t < 100; t += 20) f.onThrottle(t)
    assert.deepEqual(state(f), { window: 1, rate: 1 })
  })

  it('unlimited: the measured rate of the last second is halved and steps are a tenth of it', () => {
    const f = new FlowControl({ window: 20, ratePerS: null, backoffMs: 100 }, 0)
    for (let i = 0; i < 80; i++) f.take(2000 + i * 5) // 80 submits within 400 ms
    f.onThrottle(2400)
    assert.deepEqual(state(f), { window: 10, rate: 40 })
    f.onSuccess(3500)
    assert.deepEqual(state(f), { window: 12, rate: 48 })
  })

  it('the measured rate forgets submits older than a second', () => {
    const f = new FlowControl({ window: 4, ratePerS: null, backoffMs: 100 }, 0)
    for (let i = 0; i < 100; i++) f.take(i)
    for (let i = 0; i < 10; i++) f.take(1500 + i)
    f.onThrottle(1600)
    assert.equal(f.ratePerS, 5)
  })

  it('paces submits with the rate once limited', () => {
    const f = new FlowControl({ window: 10, ratePerS: 20, backoffMs: 100 }, 0)
    assert.equal(f.waitMs(0), 0)
    f.take(0)
    assert.equal(f.waitMs(0), 50, 'burst of 1 at 20/s, next token in 50 ms')
    assert.equal(f.waitMs(50), 0)
  })
})
