import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { ClaimLoop, sleep, type LeaseLock, type LeasedQueue } from './claim-loop.js'
import { WorkSignal } from './work-signal.js'
import { waitFor } from '../../../test/helpers/wait-for.js'

// A loop whose worker lock is lost (its connection dropped: other workers may be releasing its
// work) claims nothing and extends nothing until the lock is back.

describe('a claim loop and its worker lock', () => {
  it('claims and extends nothing while its lock is not held', async () => {
    const calls = { claim: 0, extend: 0, release: 0 }
    const lock = { held: false, taken: 0, released: 0 }
    const leaseLock: LeaseLock = {
      get held() {
        return lock.held
      },
      take: async () => {
        lock.taken++
        lock.held = true
      },
      release: async () => {
        lock.released++
        lock.held = false
      },
    }
    const queue: LeasedQueue<number> = {
      what: 'rows',
      claim: async () => {
        calls.claim++
        return []
      },
      handle: async () => {},
      nextDueAt: async () => null,
      extendLeases: async () => {
        calls.extend++
      },
      releaseLeases: async () => {
        calls.release++
        return 0
      },
    }
    const loop = new ClaimLoop(
      {
        nowMs: () => Date.now(),
        log: pino({ level: 'silent' }),
        signal: new WorkSignal(),
        lock: leaseLock,
      },
      queue,
      {
        batchSize: 10,
        maxInFlight: 10,
        leaseMs: 30,
        idleMs: 5,
        gatherMs: 1,
        releaseAllLeasesAtStart: false,
      },
    )
    await loop.start()
    assert.equal(lock.taken, 1, 'the lock is taken before anything is leased')
    // Holding its lock, the loop claims and extends.
    await waitFor('claims and extensions', () => calls.claim > 0 && calls.extend > 0)

    lock.held = false
    await sleep(20)
    const atLoss = { ...calls }
    await sleep(100)
    assert.deepEqual(
      [calls.claim, calls.extend],
      [atLoss.claim, atLoss.extend],
      'nothing claimed or extended',
    )

    lock.held = true
    await waitFor(
      'the loop going on with its lock back',
      () => calls.claim > atLoss.claim && calls.extend > atLoss.extend,
    )
    await loop.stop()
    assert.equal(lock.released, 1, 'the lock is given up when the loop stops')
  })
})
