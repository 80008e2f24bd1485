import type { ServiceDeps } from '../services/deps.js'
import {
  balanceSlots,
  heartbeat,
  liveWorkers,
  releaseSlots,
  removeWorker,
} from '../store/repositories/cluster.repository.js'
import { forgetDeadWorkers } from '../store/queue/dead-owners.js'
import type { WorkerLock } from '../store/queue/worker-lock.js'

const ROLE = 'dispatcher'

/**
 * Shares the sessions (binds) of each carrier connector among the live dispatcher processes, so
 * the connector's session count, and the throughput that comes with each session, hold for the
 * whole cluster. Every process renews a heartbeat and its slots; each takes its share by rank
 * (sessions ÷ dispatchers, the first ones one more), gives back what is beyond it and takes free
 * slots up to it. A process that dies stops renewing: after `leaseMs` others take its slots.
 */
export class BindSlots {
  private rank = 0
  private live = 1
  /**
   * PostgreSQL: held while the process runs (worker-lock.ts), so that a restart after a crash
   * finds the dead process's heartbeat and sessions free at once, not after leaseMs.
   */
  private readonly lock: WorkerLock | null
  private locked = false

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'dialect' | 'clock' | 'workerLocks'>,
    readonly workerId: string,
    private readonly leaseMs = 15_000,
  ) {
    this.lock = deps.workerLocks?.lock(workerId) ?? null
  }

  /**
   * A single-process store at start: slots and heartbeats of an earlier run are stale. A
   * crashed run's heartbeat left alive would count as a second dispatcher and, ranked first,
   * keep a connector of one session from binding until it ran out (15 s).
   */
  async reset(): Promise<void> {
    await releaseSlots(this.deps.db, null)
    await removeWorker(this.deps.db, null)
  }

  /** Renews this process's heartbeat and reads who else is alive. */
  async beat(): Promise<void> {
    if (this.lock && !this.locked) {
      // Before the first heartbeat: a heartbeat of this process is never without its lock.
      await this.lock.take()
      this.locked = true
    }
    if (this.lock?.held) await forgetDeadWorkers(this.deps.db, { role: ROLE, self: this.workerId })
    const nowMs = this.deps.clock.nowMs()
    await heartbeat(this.deps.db, { id: this.workerId, role: ROLE, untilMs: nowMs + this.leaseMs })
    const ids = await liveWorkers(this.deps.db, ROLE, nowMs)
    this.live = Math.max(1, ids.length)
    this.rank = Math.max(0, ids.indexOf(this.workerId))
  }

  /** How many of a connector's sessions this process runs now (0: none). */
  async share(connectorId: string, sessions: number): Promise<number> {
    const want = Math.floor(sessions / this.live) + (this.rank < sessions % this.live ? 1 : 0)
    const held = await balanceSlots(this.deps.db, this.deps.dialect, {
      connectorId,
      slots: sessions,
      owner: this.workerId,
      want,
      nowMs: this.deps.clock.nowMs(),
      leaseMs: this.leaseMs,
    })
    return held.length
  }

  /** Gives everything back at shutdown, so the others need not wait for the leases to run out. */
  async release(): Promise<void> {
    await releaseSlots(this.deps.db, this.workerId)
    await removeWorker(this.deps.db, this.workerId)
    await this.lock?.release()
  }
}
