import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PollLimiter } from './poll-limiter.js'

describe('PollLimiter', () => {
  it('allows perMinute polls of a check in any 60 s, then names the wait', () => {
    const l = new PollLimiter(3)
    assert.equal(l.take('a', 0), null)
    assert.equal(l.take('a', 10_000), null)
    assert.equal(l.take('a', 20_000), null)
    assert.equal(l.take('a', 30_000), 30, 'the first poll leaves the window at 60 s')
    assert.equal(l.take('b', 30_000), null, 'another check counts on its own')
    assert.equal(l.take('a', 60_001), null, 'once the first poll is a minute old')
    assert.equal(l.take('a', 60_002), 10)
  })

  it('does not count refused polls', () => {
    const l = new PollLimiter(1)
    assert.equal(l.take('a', 0), null)
    for (let t = 1; t < 60_000; t += 1000) assert.notEqual(l.take('a', t), null)
    assert.equal(l.take('a', 60_000), null)
  })
})
