import type { Logger } from 'pino'
import type { WorkSignal } from './work-signal.js'

export type ClaimLoopOptions = {
  /** Rows claimed per query. */
  batchSize: number
  /** Claimed and not yet settled; no more is claimed beyond it. */
  maxInFlight: number
  leaseMs: number
  /** Longest sleep when idle; work of other processes and scheduled work is found by then. */
  idleMs: number
  /** After a claim that did not fill the batch, wait this long so a trickle is claimed in batches. */
  gatherMs: number
  /** A single-process store: leases left by a crashed predecessor are released at start. */
  releaseAllLeasesAtStart: boolean
}

/** The queue a loop works on: claims under this loop's lease, and the lease bookkeeping. */
export type LeasedQueue<Row> = {
  /** What the queue holds, for logs. */
  what: string
  claim(o: { limit: number; leaseMs: number; nowMs: number }): Promise<Row[]>
  /** Starts the work on claimed rows; each piece of work is handed to `track` until it settles. */
  handle(rows: Row[], track: (work: Promise<void>) => void): Promise<void>
  /** When the next row falls due (unix ms), or null. */
  nextDueAt(): Promise<number | null>
  extendLeases(untilMs: number): Promise<void>
  /** Returns rows whose lease ran out (or all leased rows) to the queue; how many. */
  releaseLeases(o: { nowMs: number; all?: boolean }): Promise<number>
}

/**
 * The worker loop of a leased queue (graphile-worker's runner, in small): claim a batch, work on
 * it with a bound on what is in flight, renew the leases while working, release leases of dead
 * workers, and on stop finish what was claimed.
 */
export class ClaimLoop<Row> {
  private running = false
  private loop: Promise<void> | null = null
  private inFlight = 0
  private readonly settling = new Set<Promise<void>>()
  private heartbeat: NodeJS.Timeout | null = null

  constructor(
    private readonly deps: { nowMs: () => number; log: Logger; signal: WorkSignal },
    private readonly queue: LeasedQueue<Row>,
    private readonly opts: ClaimLoopOptions,
  ) {}

  async start(): Promise<void> {
    const released = await this.queue.releaseLeases({ nowMs: this.deps.nowMs(), all: this.opts.releaseAllLeasesAtStart })
    if (released > 0) this.deps.log.warn({ released }, `${this.queue.what} of an earlier run return to the queue`)
    this.running = true
    this.heartbeat = setInterval(() => void this.keepLeases(), Math.floor(this.opts.leaseMs / 3))
    this.loop = this.run()
  }

  /** Stops claiming, lets everything claimed settle, then returns. */
  async stop(): Promise<void> {
    this.running = false
    this.deps.signal.notify()
    await this.loop
    while (this.settling.size > 0) await Promise.all([...this.settling])
    if (this.heartbeat) clearInterval(this.heartbeat)
  }

  private readonly track = (work: Promise<void>): void => {
    this.inFlight++
    const tracked = work
      .catch((err) => this.deps.log.error({ err }, `working on ${this.queue.what} failed`))
      .finally(() => {
        this.inFlight--
        this.settling.delete(tracked)
      })
    this.settling.add(tracked)
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const room = Math.min(this.opts.batchSize, this.opts.maxInFlight - this.inFlight)
        if (room <= 0) {
          await Promise.race([...this.settling])
          continue
        }
        const rows = await this.queue.claim({ limit: room, leaseMs: this.opts.leaseMs, nowMs: this.deps.nowMs() })
        if (rows.length === 0) {
          await this.idle()
          continue
        }
        await this.queue.handle(rows, this.track)
        if (rows.length < room) await sleep(this.opts.gatherMs)
      } catch (err) {
        this.deps.log.error({ err }, `claiming ${this.queue.what} failed; retrying`)
        await this.deps.signal.wait(this.opts.idleMs)
      }
    }
  }

  /** Sleeps until work is signalled, the next row is due, or idleMs. */
  private async idle(): Promise<void> {
    const next = await this.queue.nextDueAt()
    const untilDue = next === null ? this.opts.idleMs : next - this.deps.nowMs()
    await this.deps.signal.wait(Math.max(this.opts.gatherMs, Math.min(this.opts.idleMs, untilDue)))
  }

  private async keepLeases(): Promise<void> {
    try {
      const nowMs = this.deps.nowMs()
      await this.queue.extendLeases(nowMs + this.opts.leaseMs)
      const released = await this.queue.releaseLeases({ nowMs })
      if (released > 0) {
        this.deps.log.warn({ released }, `${this.queue.what} with expired leases return to the queue`)
        this.deps.signal.notify()
      }
    } catch (err) {
      this.deps.log.error({ err }, `extending leases of ${this.queue.what} failed`)
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
