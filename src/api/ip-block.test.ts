import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AuthFailureGuard } from './ip-block.js'

const T0 = 1_700_000_000_000
const IP = '198.51.100.1'
const MINUTE = 60_000
const BLOCK = 600_000

/** Records failures from one IP at T0 + each offset. */
function failAt(guard: AuthFailureGuard, offsets: number[], ip = IP): void {
  for (const o of offsets) guard.recordFailure(ip, T0 + o)
}

describe('AuthFailureGuard', () => {
  it('does not block an IP it has never seen', () => {
    assert.equal(new AuthFailureGuard().blockedFor(IP, T0), 0)
  })

  it('tolerates three failures and blocks on the fourth within a minute', () => {
    const guard = new AuthFailureGuard()
    failAt(guard, [0, 1_000, 2_000])
    assert.equal(guard.blockedFor(IP, T0 + 2_000), 0)
    failAt(guard, [3_000])
    assert.equal(guard.blockedFor(IP, T0 + 3_000), BLOCK)
  })

  // Failures at 0, 1 s and 2 s, then a fourth at `fourth`: the window is the last 60 s.
  const windowCases: [string, number, boolean][] = [
    ['fourth failure 59.999 s after the first', MINUTE - 1, true],
    ['fourth failure exactly 60 s after the first', MINUTE, false],
    ['fourth failure 61 s after the first', MINUTE + 1_000, false],
  ]
  for (const [name, fourth, blocked] of windowCases) {
    it(`window edge: ${name} → ${blocked ? 'blocked' : 'not blocked'}`, () => {
      const guard = new AuthFailureGuard()
      failAt(guard, [0, 1_000, 2_000, fourth])
      assert.equal(guard.blockedFor(IP, T0 + fourth), blocked ? BLOCK : 0)
    })
  }

  it('uses a sliding window, not fixed minutes', () => {
    // T1 is a whole minute; fixed windows would split 0/30/50 from 70/75 and never block.
    const T1 = 60_000 * 28_333_333
    const guard = new AuthFailureGuard()
    for (const o of [0, 30_000, 50_000, 70_000]) guard.recordFailure(IP, T1 + o)
    assert.equal(guard.blockedFor(IP, T1 + 70_000), 0, '30, 50, 70 are three in the last minute')
    guard.recordFailure(IP, T1 + 75_000)
    assert.equal(guard.blockedFor(IP, T1 + 75_000), BLOCK, '30, 50, 70, 75 are four')
  })

  it('old failures drop out: three, a pause over a minute, then one more is no block', () => {
    const guard = new AuthFailureGuard()
    failAt(guard, [0, 1_000, 2_000, 63_000])
    assert.equal(guard.blockedFor(IP, T0 + 63_000), 0)
    // The later failure does count: three more within its minute block.
    failAt(guard, [64_000, 65_000])
    assert.equal(guard.blockedFor(IP, T0 + 65_000), 0)
    failAt(guard, [66_000])
    assert.equal(guard.blockedFor(IP, T0 + 66_000), BLOCK)
  })

  const lengthCases: [number, number][] = [
    [0, BLOCK],
    [1, BLOCK - 1],
    [300_000, 300_000],
    [BLOCK - 1, 1],
    [BLOCK, 0],
    [BLOCK + 1, 0],
    [24 * 3_600_000, 0],
  ]
  for (const [after, remaining] of lengthCases) {
    it(`block length: ${after} ms after the blocking failure → ${remaining} ms left`, () => {
      const guard = new AuthFailureGuard()
      failAt(guard, [0, 10, 20, 30])
      assert.equal(guard.blockedFor(IP, T0 + 30 + after), remaining)
    })
  }

  it('is not extended by failures recorded while blocked', () => {
    const guard = new AuthFailureGuard()
    failAt(guard, [0, 10, 20, 30]) // blocked until T0 + 30 + BLOCK
    const during = [1_000, 2_000, 3_000, 4_000, 5_000, 300_000, 599_000]
    failAt(guard, during)
    assert.equal(guard.blockedFor(IP, T0 + 30 + BLOCK - 1), 1)
    assert.equal(guard.blockedFor(IP, T0 + 30 + BLOCK), 0)
  })

  it('is not extended by asking: blockedFor counts down and then lets go', () => {
    const guard = new AuthFailureGuard()
    failAt(guard, [0, 0, 0, 0])
    for (let t = 0; t < BLOCK; t += 60_000) assert.equal(guard.blockedFor(IP, T0 + t), BLOCK - t)
    assert.equal(guard.blockedFor(IP, T0 + BLOCK), 0)
  })

  it('starts counting afresh after a block ends', () => {
    const guard = new AuthFailureGuard()
    failAt(guard, [0, 10, 20, 30])
    const end = 30 + BLOCK
    failAt(guard, [end, end + 1, end + 2])
    assert.equal(guard.blockedFor(IP, T0 + end + 2), 0, 'three failures after the block')
    failAt(guard, [end + 3])
    assert.equal(guard.blockedFor(IP, T0 + end + 3), BLOCK)
  })

  it('keeps IPs independent', () => {
    const guard = new AuthFailureGuard()
    const other = '203.0.113.9'
    failAt(guard, [0, 10, 20], IP)
    failAt(guard, [30], other)
    assert.equal(guard.blockedFor(IP, T0 + 30), 0, "another IP's failure is not this one's fourth")
    assert.equal(guard.blockedFor(other, T0 + 30), 0)
    failAt(guard, [40], IP)
    assert.equal(guard.blockedFor(IP, T0 + 40), BLOCK)
    assert.equal(guard.blockedFor(other, T0 + 40), 0, 'blocking one IP leaves the other free')
    failAt(guard, [50, 60], other)
    assert.equal(guard.blockedFor(other, T0 + 60), 0, 'the other IP has three of its own')
  })

  it('treats IPv4 and IPv6 addresses as distinct keys', () => {
    const guard = new AuthFailureGuard()
    failAt(guard, [0, 1, 2, 3], '2001:db8::1')
    assert.equal(guard.blockedFor('2001:db8::1', T0 + 3), BLOCK)
    assert.equal(guard.blockedFor('2001:db8::2', T0 + 3), 0)
  })
})
