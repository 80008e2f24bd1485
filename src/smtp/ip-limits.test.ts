import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConnectionCount, MailRate } from './ip-limits.js'

describe('ConnectionCount', () => {
  it('admits up to the cap per address, and again once one leaves', () => {
    const c = new ConnectionCount(2)
    assert.deepEqual(
      ['a', 'a', 'a', 'b'].map((ip) => c.enter(ip)),
      [true, true, false, true],
    )
    c.leave('a')
    assert.equal(c.enter('a'), true)
  })
  it('0 is no cap', () => {
    const c = new ConnectionCount(0)
    for (let i = 0; i < 100; i++) assert.equal(c.enter('a'), true)
  })
})

describe('MailRate', () => {
  it("a minute's burst, then one mail per 60/rate seconds, per address", () => {
    const r = new MailRate(6)
    const takes = (ip: string, at: number, n: number) =>
      Array.from({ length: n }, () => r.take(ip, at))
    assert.deepEqual(takes('a', 0, 7), [true, true, true, true, true, true, false])
    assert.equal(r.take('b', 0), true, 'another address has its own bucket')
    assert.equal(r.take('a', 9_999), false)
    assert.equal(r.take('a', 10_000), true, 'one token per 10 s at 6 a minute')
    assert.equal(r.take('a', 10_001), false)
    assert.deepEqual(
      takes('a', 1_000_000, 7).filter(Boolean).length,
      6,
      'never more than the burst',
    )
  })
  it('0 is no limit', () => {
    const r = new MailRate(0)
    for (let i = 0; i < 1000; i++) assert.equal(r.take('a', 0), true)
  })
})
