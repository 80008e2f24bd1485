import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { STATE_TOTALS, totalsByIntervals } from './totals.js'

describe('totalsByIntervals', () => {
  it('counts each state where it belongs', () => {
    const cases = [
      ['queued', []],
      ['sent', ['sent']],
      ['delivered', ['sent', 'delivered']],
      ['rejected', ['sent', 'failed']],
      ['expired', ['sent', 'failed']],
      ['failed', ['failed']],
      ['cancelled', []],
    ] as const
    for (const [state, keys] of cases) assert.deepEqual(STATE_TOTALS[state], keys, state)
  })

  it('gives every interval, zeros included, the last one shorter', () => {
    const from = 1_800_000_000
    const r = totalsByIntervals(from, from + 2 * 3600 + 60, 'hour', [
      { bucket: 0, state: 'delivered', count: 2 },
      { bucket: 0, state: 'failed', count: 1 },
      { bucket: 2, state: 'sent', count: 4 },
      { bucket: 2, state: 'rejected', count: 1 },
      { bucket: 2, state: 'queued', count: 7 },
      { bucket: 9, state: 'sent', count: 1 },
    ])
    assert.deepEqual(r, [
      { startS: from, totals: { sent: 2, delivered: 2, failed: 1 } },
      { startS: from + 3600, totals: { sent: 0, delivered: 0, failed: 0 } },
      { startS: from + 7200, totals: { sent: 5, delivered: 0, failed: 1 } },
    ])
  })

  it('steps by days', () => {
    const r = totalsByIntervals(0, 2 * 86_400, 'day', [{ bucket: 1, state: 'delivered', count: 1 }])
    assert.deepEqual(
      r.map((e) => [e.startS, e.totals.delivered]),
      [
        [0, 0],
        [86_400, 1],
      ],
    )
  })
})
