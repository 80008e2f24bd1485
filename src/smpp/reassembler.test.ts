import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Reassembler } from './reassembler.js'

describe('Reassembler', () => {
  it('completes in any arrival order and returns parts in sequence', () => {
    const orders = [
      [1, 2, 3],
      [3, 2, 1],
      [2, 3, 1],
    ]
    for (const order of orders) {
      const r = new Reassembler<string>(60_000)
      const results = order.map((seq) => r.add('a', 'b', { ref: 7, total: 3, seq }, `p${seq}`, 0))
      assert.deepEqual(results.slice(0, 2), [null, null])
      assert.deepEqual(results[2], ['p1', 'p2', 'p3'])
      assert.equal(r.size, 0)
    }
  })

  it('keeps messages with other senders, recipients, refs or totals apart', () => {
    const r = new Reassembler<string>(60_000)
    assert.equal(r.add('a', 'b', { ref: 1, total: 2, seq: 1 }, 'x1', 0), null)
    assert.equal(r.add('c', 'b', { ref: 1, total: 2, seq: 2 }, 'y2', 0), null)
    assert.equal(r.add('a', 'd', { ref: 1, total: 2, seq: 2 }, 'z2', 0), null)
    assert.equal(r.add('a', 'b', { ref: 2, total: 2, seq: 2 }, 'w2', 0), null)
    assert.equal(r.add('a', 'b', { ref: 1, total: 3, seq: 2 }, 'v2', 0), null)
    assert.deepEqual(r.add('a', 'b', { ref: 1, total: 2, seq: 2 }, 'x2', 0), ['x1', 'x2'])
    assert.equal(r.size, 4)
  })

  it('a repeated part replaces and does not count twice', () => {
    const r = new Reassembler<string>(60_000)
    assert.equal(r.add('a', 'b', { ref: 1, total: 2, seq: 1 }, 'old', 0), null)
    assert.equal(r.add('a', 'b', { ref: 1, total: 2, seq: 1 }, 'new', 0), null)
    assert.deepEqual(r.add('a', 'b', { ref: 1, total: 2, seq: 2 }, 'two', 0), ['new', 'two'])
  })

  it('expires incomplete groups after maxAgeMs with what arrived', () => {
    const r = new Reassembler<string>(1000)
    r.add('a', 'b', { ref: 1, total: 3, seq: 3 }, 'c', 0)
    r.add('a', 'b', { ref: 1, total: 3, seq: 1 }, 'a', 500)
    r.add('a', 'b', { ref: 2, total: 2, seq: 1 }, 'late', 600)
    assert.deepEqual(r.expire(999), [])
    assert.deepEqual(r.expire(1000), [['a', 'c']])
    assert.equal(r.size, 1)
  })
})
