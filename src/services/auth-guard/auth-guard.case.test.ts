import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { FixedClock } from '../../../test/helpers/fixed-clock.js'
import { openTestStore } from '../../../test/helpers/test-database.js'
import type { Store } from '../../store/db.js'
import { AuthGuard, listAuthBlocks, normalizeAddress, unblockAddress } from './auth-guard.js'

const T0 = 1_700_000_000_000
const MINUTE = 60_000
const BLOCK = 600_000

// The guard against the store of the dialect under test; every case speaks for an address of
// its own. Its one-second cache is kept out of the way by a real-time clock that runs fast.
describe('AuthGuard (store-backed)', () => {
  let store: Store
  let n = 0
  before(async () => {
    store = await openTestStore()
  })
  after(() => store.close())

  function fresh(at = T0): { guard: AuthGuard; clock: FixedClock; ip: string } {
    n++
    const clock = new FixedClock(at)
    let realTime = 0
    const guard = new AuthGuard({ db: store.db, clock }, [], () => (realTime += 10_000))
    return { guard, clock, ip: `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}` }
  }

  /** Failures from `ip` at T0 + each offset. */
  async function failAt(g: { guard: AuthGuard; clock: FixedClock }, ip: string, offsets: number[]) {
    for (const o of offsets) {
      g.clock.advance(T0 + o - g.clock.nowMs())
      await g.guard.recordFailure('ip', ip)
    }
  }

  async function blockedAt(g: { guard: AuthGuard; clock: FixedClock }, ip: string, at: number) {
    g.clock.advance(T0 + at - g.clock.nowMs())
    return g.guard.blockedFor('ip', ip)
  }

  it('does not block an address it has never seen', async () => {
    const g = fresh()
    assert.equal(await g.guard.blockedFor('ip', g.ip), 0)
  })

  it('tolerates three failures and blocks on the fourth within a minute', async () => {
    const g = fresh()
    await failAt(g, g.ip, [0, 1_000, 2_000])
    assert.equal(await blockedAt(g, g.ip, 2_000), 0)
    await failAt(g, g.ip, [3_000])
    assert.equal(await blockedAt(g, g.ip, 3_000), BLOCK)
  })

  const windowCases: [string, number, boolean][] = [
    ['fourth failure 59.999 s after the first', MINUTE - 1, true],
    ['fourth failure exactly 60 s after the first', MINUTE, false],
    ['fourth failure 61 s after the first', MINUTE + 1_000, false],
  ]
  for (const [name, fourth, blocked] of windowCases) {
    it(`window edge: ${name} → ${blocked ? 'blocked' : 'not blocked'}`, async () => {
      const g = fresh()
      await failAt(g, g.ip, [0, 1_000, 2_000, fourth])
      assert.equal(await blockedAt(g, g.ip, fourth), blocked ? BLOCK : 0)
    })
  }

  it('uses a sliding window, not fixed minutes', async () => {
    const g = fresh()
    await failAt(g, g.ip, [0, 30_000, 50_000, 70_000])
    assert.equal(await blockedAt(g, g.ip, 70_000), 0, '30, 50, 70 are three in the last minute')
    await failAt(g, g.ip, [75_000])
    assert.equal(await blockedAt(g, g.ip, 75_000), BLOCK, '30, 50, 70, 75 are four')
  })

  const lengthCases: [number, number][] = [
    [0, BLOCK],
    [1, BLOCK - 1],
    [300_000, 300_000],
    [BLOCK - 1, 1],
    [BLOCK, 0],
    [24 * 3_600_000, 0],
  ]
  for (const [afterMs, remaining] of lengthCases) {
    it(`block length: ${afterMs} ms after the blocking failure → ${remaining} ms left`, async () => {
      const g = fresh()
      await failAt(g, g.ip, [0, 10, 20, 30])
      assert.equal(await blockedAt(g, g.ip, 30 + afterMs), remaining)
    })
  }

  it('is not extended by failures while blocked, and counts afresh after it ends', async () => {
    const g = fresh()
    await failAt(g, g.ip, [0, 10, 20, 30])
    await failAt(g, g.ip, [1_000, 2_000, 3_000, 4_000, 300_000, 599_000])
    assert.equal(await blockedAt(g, g.ip, 30 + BLOCK - 1), 1)
    assert.equal(await blockedAt(g, g.ip, 30 + BLOCK), 0)
    const end = 30 + BLOCK
    await failAt(g, g.ip, [end, end + 1, end + 2])
    assert.equal(await blockedAt(g, g.ip, end + 2), 0, 'three failures after the block')
    await failAt(g, g.ip, [end + 3])
    assert.equal(await blockedAt(g, g.ip, end + 3), BLOCK)
  })

  it('keeps addresses, kinds and address families apart', async () => {
    const g = fresh()
    const other = fresh().ip
    await failAt(g, g.ip, [0, 10, 20])
    await failAt(g, other, [30])
    assert.equal(await blockedAt(g, g.ip, 30), 0)
    await failAt(g, g.ip, [40])
    assert.equal(await blockedAt(g, g.ip, 40), BLOCK)
    assert.equal(await g.guard.blockedFor('ip', other), 0)
    assert.equal(await g.guard.blockedFor('admin-ip', g.ip), 0, 'the operator API counts its own')
    const v6 = fresh()
    await failAt(v6, '2001:db8::1', [0, 1, 2, 3])
    assert.equal(await blockedAt(v6, '2001:db8::1', 3), BLOCK)
    assert.equal(await blockedAt(v6, '2001:db8::2', 3), 0)
  })

  it('locks an account id on the eleventh failure within ten minutes, for fifteen minutes', async () => {
    const g = fresh()
    const id = String(5_000_000 + n)
    for (let i = 0; i < 10; i++) {
      g.clock.advance(50_000)
      await g.guard.recordFailure('account', id)
    }
    assert.equal(await g.guard.blockedFor('account', id), 0, 'ten in 500 s are tolerated')
    g.clock.advance(50_000)
    await g.guard.recordFailure('account', id)
    assert.equal(await g.guard.blockedFor('account', id), 900_000)
  })

  it('sees a block another process started, and its lifting', async () => {
    const a = fresh()
    const b = fresh()
    await failAt(a, a.ip, [0, 1, 2, 3])
    b.clock.advance(3)
    assert.equal(await b.guard.blockedFor('ip', a.ip), BLOCK)
    assert.equal(await unblockAddress({ db: store.db, clock: b.clock }, `::ffff:${a.ip}`), 1)
    assert.equal(await a.guard.blockedFor('ip', a.ip), 0)
    assert.deepEqual(
      (await listAuthBlocks({ db: store.db, clock: a.clock })).filter((x) => x.subject === a.ip),
      [],
    )
  })

  const spellings: [string, string | null][] = [
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['192.0.2.256', null],
    ['192.0.2.01', null],
    ['0.0.0.0', '0.0.0.0'],
    ['example.com', null],
  ]
  for (const [given, want] of spellings) {
    it(`normalizeAddress(${JSON.stringify(given)}) → ${want}`, () => {
      assert.equal(normalizeAddress(given), want)
    })
  }
})
