import type { Logger } from 'pino'
import { SharedRoom } from './shared-room.js'
import type { WorkSignal } from './work-signal.js'

/** What a loop needs of its worker's lock (worker-lock.ts): while it is not held, no lease is. */
export type LeaseLock = { readonly held: boolean; take(): Promise<void>; release(): Promise<void> }

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
  /**
   * Starts the work on claimed or handed rows: each piece of work is handed to `track` until it
   * settles, and holds a place under maxInFlight meanwhile (a row left without work frees its
   * place when `handle` returns).
   */
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
 * workers, and on stop finish what was claimed. Rows stored already leased to this loop by
 * another part of the process (`adopt`) are worked on the same way, under the same bound: their
 * places are taken from `room` before they are stored.
 */
export class ClaimLoop<Row> {
  private running = false
  private loop: Promise<void> | null = null
  private readonly settling = new Set<Promise<void>>()
  private heartbeat: NodeJS.Timeout | null = null
  /** Wakes a loop that waits for a place. */
  private freed: (() => void) | null = null
  /** Places under maxInFlight not held by work: claims and hand-overs take from it. */
  readonly room: SharedRoom

  constructor(
    private readonly deps: {
      nowMs: () => number
      log: Logger
      signal: WorkSignal
      room?: SharedRoom | undefined
      /** PostgreSQL: held while the loop runs, so that others see at once when it died. */
      lock?: LeaseLock | null | undefined
    },
    private readonly queue: LeasedQueue<Row>,
    private readonly opts: ClaimLoopOptions,
  ) {
    this.room = deps.room ?? new SharedRoom()
  }

  /** False once asked to stop: work that waits for the store may give up. */
  get active(): boolean {
    return this.running
  }

  get leaseMs(): number {
    return this.opts.leaseMs
  }

  async start(): Promise<void> {
    // Before anything is leased: a lease of this worker is never without its lock.
    await this.deps.lock?.take()
    const released = await this.queue.releaseLeases({
      nowMs: this.deps.nowMs(),
      all: this.opts.releaseAllLeasesAtStart,
    })
    if (released > 0)
      this.deps.log.warn({ released }, `${this.queue.what} of an earlier run return to the queue`)
    this.running = true
    this.room.open(this.opts.maxInFlight)
    this.heartbeat = setInterval(() => void this.keepLeases(), Math.floor(this.opts.leaseMs / 3))
    this.loop = this.run()
  }

  /**
   * Stops claiming and taking hand-overs, lets everything claimed or handed settle, then returns
   * how many pieces of work were in flight when it was asked to stop.
   */
  async stop(): Promise<number> {
    const inFlight = this.settling.size
    this.running = false
    this.room.close()
    this.deps.signal.notify()
    this.freed?.()
    await this.loop
    while (this.settling.size > 0) await Promise.all([...this.settling])
    if (this.heartbeat) clearInterval(this.heartbeat)
    await this.deps.lock?.release()
    return inFlight
  }

  /** False while the lock's connection is lost: other workers may be releasing this one's work. */
  private holdsLeases(): boolean {
    return this.deps.lock?.held ?? true
  }

  /** Works on rows stored leased to this loop, whose places were taken from `room`. */
  adopt(rows: Row[]): void {
    this.work(rows).catch((err) => {
      this.deps.log.error({ err }, `working on handed ${this.queue.what} failed`)
    })
  }

  private async work(rows: Row[]): Promise<void> {
    let tracked = 0
    try {
      await this.queue.handle(rows, (work) => {
        tracked++
        this.track(work)
      })
    } finally {
      this.room.give(rows.length - tracked)
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((err) => this.deps.log.error({ err }, `working on ${this.queue.what} failed`))
      .finally(() => {
        this.settling.delete(tracked)
        this.room.give(1)
        this.freed?.()
      })
    this.settling.add(tracked)
  }

  /** Resolves when work settles, or after idleMs: places held by hand-overs on their way. */
  private placeFreed(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.freed = null
        resolve()
      }
      const timer = setTimeout(done, this.opts.idleMs)
      this.freed = done
    })
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.holdsLeases()) {
          await this.deps.signal.wait(this.opts.idleMs)
          continue
        }
        const room = Math.min(this.opts.batchSize, this.room.free)
        if (room === 0) {
          // Every place is held, by claimed work or by hand-overs on their way.
          await this.placeFreed()
          continue
        }
        // The places are held once the rows are found, so that hand-overs meanwhile are not
        // turned away for a claim that may find nothing.
        const rows = await this.queue.claim({
          limit: room,
          leaseMs: this.opts.leaseMs,
          nowMs: this.deps.nowMs(),
        })
        this.room.hold(rows.length)
        if (rows.length === 0) {
          await this.idle()
          continue
        }
        await this.work(rows)
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
    if (!this.holdsLeases()) return
    try {
      const nowMs = this.deps.nowMs()
      await this.queue.extendLeases(nowMs + this.opts.leaseMs)
      const released = await this.queue.releaseLeases({ nowMs })
      if (released > 0) {
        this.deps.log.warn(
          { released },
          `${this.queue.what} with expired leases return to the queue`,
        )
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
