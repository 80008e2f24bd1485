import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { Clock } from '../shared/clock.js'
import type { Kysely } from 'kysely'
import type { Database, Dialect } from '../store/database.js'
import type { GroupCommit } from '../store/group-commit.js'
import {
  claimTargetDeliveries,
  dropDelivery,
  extendDeliveryLeases,
  nextDeliveryDueAt,
  pendingTargets,
  type PendingTarget,
  releaseDeliveryLeases,
  returnDeliveries,
} from '../store/repositories/event.repository.js'
import { webhooksById } from '../store/repositories/webhook.repository.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'
import { ClaimLoop } from '../store/queue/claim-loop.js'
import { releaseDeliveryLeasesOfDead } from '../store/queue/dead-owners.js'
import type { WorkerLocks } from '../store/queue/worker-lock.js'
import type { WorkSignal } from '../store/queue/work-signal.js'
import type { Db } from '../store/database.js'
import type { WebhookFailures } from './webhook-failures.js'
import { Breakers, type Ticket } from './fairness/circuit-breaker.js'
import { TargetSlots, type TargetHead } from './fairness/target-slots.js'
import { handOffTo, type WorkerHandOff } from './hand-off.js'
import { AttemptRunner } from './attempt-runner.js'
import { hasBreaker, type EventTransports } from './send-attempt.js'
import { DEFAULT_EVENT_WORKER_OPTIONS, type EventWorkerOptions } from './worker-options.js'

export type EventWorkerDeps = {
  db: Kysely<Database>
  dialect: Dialect
  groupCommit: GroupCommit
  clock: Clock
  log: Logger
  ready: WorkSignal
  /** What follows an event's last attempt (logs, metrics, the webhook's failure record). */
  failures: WebhookFailures
  /** PostgreSQL: the advisory locks that show other processes which workers are alive. */
  workerLocks?: WorkerLocks | undefined
}

/** Targets looked at per claim, at least: the round-robin walks on from there the next time. */
const TARGETS_PER_CLAIM = 64

/**
 * Delivers the outbox: claims due deliveries under leases, sends each by its transport, and
 * records every attempt; a failure is tried again after the next retry delay until the
 * delivery's attempts are spent. A crash leaves deliveries leased; their leases run out and
 * they are sent again (at least once, never lost).
 */
export class EventWorker {
  readonly workerId = `events-${randomUUID().slice(0, 8)}`
  private readonly loop: ClaimLoop<EventDeliveryRow>
  private readonly opts: EventWorkerOptions
  /** Sends each attempt and records it. */
  private readonly attempts: AttemptRunner
  /** In flight per target and account, and the breakers: the worker's fair shares. */
  readonly slots: TargetSlots
  readonly breakers: Breakers
  /** The probes among the deliveries in flight, by delivery id. */
  private readonly probes = new Set<number>()
  /**
   * Targets whose handed deliveries went back to the queue: later ones follow them there until a
   * claim finds the target's queue empty, so a target's deliveries are still taken oldest first.
   * The count is of returns not committed yet.
   */
  private readonly queuedTargets = new Map<string, number>()
  /** Handed deliveries waiting for a place of their target, oldest first. */
  private readonly held = new Map<string, EventDeliveryRow[]>()
  /** 1 while targets are queued: the outbox hands nothing over (a word shared with its threads). */
  private readonly paused = new Int32Array(new SharedArrayBuffer(4))
  /** The last target a claim took from: the next claim starts after it (round-robin). */
  private cursor = ''
  /**
   * Set when the last claim found due work it could not take (targets at their cap, breakers
   * open): when to look again, or null for idleMs. A freed place wakes the worker sooner.
   */
  private blocked: { nextAt: number | null } | null = null

  constructor(
    private readonly deps: EventWorkerDeps,
    transports: EventTransports,
    opts: Partial<EventWorkerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EVENT_WORKER_OPTIONS, ...opts }
    this.attempts = new AttemptRunner(deps, transports, {
      workerId: this.workerId,
      retryS: this.opts.retryS,
      recordGatherMs: this.opts.recordGatherMs,
      active: () => this.loop.active,
    })
    this.slots = new TargetSlots({
      perTarget: this.opts.perTarget,
      perAccount: this.opts.perAccount,
    })
    this.breakers = new Breakers(this.opts.breaker)
    const { db, dialect } = deps
    const lock = deps.workerLocks?.lock(this.workerId) ?? null
    this.loop = new ClaimLoop(
      { nowMs: () => deps.clock.nowMs(), log: deps.log, signal: deps.ready, lock },
      {
        what: 'event deliveries',
        // Writes wait for this thread's turn (where threads share a SQLite file) without
        // blocking it. On SQLite the claim is a unit of the group commit, as the dispatcher's.
        claim: (o) =>
          dialect === 'sqlite'
            ? deps.groupCommit.run((trx) => this.claim(trx, o))
            : this.claim(db, o),
        handle: (rows, track) => this.handle(rows, track),
        nextDueAt: async () => (this.blocked ? this.blocked.nextAt : nextDeliveryDueAt(db)),
        extendLeases: (untilMs) =>
          deps.groupCommit.alone(() => extendDeliveryLeases(db, this.workerId, untilMs)),
        // With worker locks, a dead worker's deliveries go back now, not when their leases run out.
        releaseLeases: (o) =>
          deps.groupCommit.alone(() =>
            lock
              ? releaseDeliveryLeasesOfDead(db, { ...o, self: this.workerId })
              : releaseDeliveryLeases(db, o),
          ),
      },
      this.opts,
    )
  }

  start(): Promise<void> {
    return this.loop.start()
  }

  /** Stops claiming and lets the deliveries in flight finish; says how many there were. */
  async stop(): Promise<{ events: number }> {
    // Handed deliveries still waiting for a place go back to the queue, for the next worker.
    const held = [...this.held.values()].flat()
    this.held.clear()
    if (held.length > 0) await this.sendBack(held)
    return { events: await this.loop.stop() }
  }

  /** Hands deliveries recorded in this thread to this worker. */
  handOff(): WorkerHandOff {
    const place = {
      room: this.loop.room.buffer,
      paused: this.paused.buffer as SharedArrayBuffer,
      owner: this.workerId,
      leaseMs: this.loop.leaseMs,
    }
    return handOffTo(place, (rows) => this.adopt(rows))
  }

  /**
   * Deliveries stored leased to this worker by a hand-over; their places in the room are taken.
   * Each takes its target's fair share as a claimed one does (TargetSlots, its breaker). One
   * whose target is at its cap waits here for a place, up to the cap again; beyond that, or with
   * the breaker open, it goes back to the queue, where claims share places out fairly, and the
   * outbox queues every delivery until the claims have caught up (`paused`).
   */
  adopt(rows: EventDeliveryRow[]): void {
    const nowMs = this.deps.clock.nowMs()
    const taken: EventDeliveryRow[] = []
    const back: EventDeliveryRow[] = []
    for (const row of rows) {
      const target = row.target_key
      const breakerRoom = hasBreaker(row) ? this.breakers.room(target, nowMs) : Infinity
      const held = this.held.get(target)
      if (this.queuedTargets.has(target) || breakerRoom <= 0) back.push(row)
      else if (held === undefined && this.fits(row)) taken.push(this.begin(row, nowMs))
      else if ((held?.length ?? 0) < this.opts.perTarget) {
        if (held) held.push(row)
        else this.held.set(target, [row])
      } else back.push(row)
    }
    if (taken.length > 0) this.loop.adopt(taken)
    if (back.length > 0) void this.sendBack(back)
  }

  /** Whether a delivery of this target and account may start now (its breaker aside). */
  private fits(row: EventDeliveryRow): boolean {
    return (
      this.slots.inFlight(row.target_key) < this.opts.perTarget &&
      this.slots.accountInFlight(Number(row.account_id)) < this.opts.perAccount
    )
  }

  /** A delivery taken (handed or claimed) takes its target's place, and may be its probe. */
  private begin(row: EventDeliveryRow, nowMs: number): EventDeliveryRow {
    this.slots.take(row.target_key, Number(row.account_id))
    if (hasBreaker(row) && this.breakers.started(row.target_key, nowMs) === 'probe') {
      this.probes.add(Number(row.id))
    }
    return row
  }

  /** A place of this target is free: the handed deliveries waiting for one start. */
  private startHeld(target: string): void {
    const held = this.held.get(target)
    if (!held) return
    const nowMs = this.deps.clock.nowMs()
    const taken: EventDeliveryRow[] = []
    while (held.length > 0 && this.fits(held[0]!)) {
      const row = held[0]!
      if (hasBreaker(row) && this.breakers.room(target, nowMs) <= 0) {
        // The breaker opened: they wait in the queue, where a probe finds them.
        void this.sendBack(held.splice(0))
        break
      }
      taken.push(this.begin(held.shift()!, nowMs))
    }
    if (held.length === 0) this.held.delete(target)
    if (taken.length > 0) this.loop.adopt(taken)
  }

  /** Handed deliveries go back to the queue; their places are free once that is committed. */
  private sendBack(back: EventDeliveryRow[]): Promise<void> {
    for (const r of back) {
      this.queuedTargets.set(r.target_key, (this.queuedTargets.get(r.target_key) ?? 0) + 1)
    }
    Atomics.store(this.paused, 0, 1)
    const committed = () => {
      for (const r of back) {
        this.queuedTargets.set(r.target_key, this.queuedTargets.get(r.target_key)! - 1)
      }
    }
    const ids = back.map((r) => Number(r.id))
    return this.deps.groupCommit
      .run((trx) => returnDeliveries(trx, this.workerId, ids))
      .then(
        () => {
          committed()
          this.loop.room.give(back.length)
          this.deps.ready.notify()
        },
        (err: unknown) => {
          // Left leased they would be kept by this worker's heartbeat: sent beyond the cap instead.
          this.deps.log.error({ err }, 'returning handed event deliveries failed; sending them')
          committed()
          const nowMs = this.deps.clock.nowMs()
          this.loop.adopt(back.map((r) => this.begin(r, nowMs)))
        },
      )
  }

  /**
   * Claims round-robin between the targets with due deliveries, each up to its free places
   * (TargetSlots: per target, per account) and its breaker's: a target that hangs holds at most
   * its cap, and one that keeps failing none while its breaker is open (its deliveries stay
   * pending, their attempts unspent).
   */
  private async claim(
    db: Db,
    o: { limit: number; leaseMs: number; nowMs: number },
  ): Promise<EventDeliveryRow[]> {
    const { nowMs } = o
    const want = Math.max(TARGETS_PER_CLAIM, o.limit)
    const heads = await pendingTargets(db, { after: this.cursor, limit: want })
    let complete = heads.length < want
    if (complete && this.cursor !== '') {
      // Round the end: the targets up to where this walk began.
      const start = await pendingTargets(db, { after: '', limit: want - heads.length })
      const before = start.filter((h) => h.target_key <= this.cursor)
      complete = before.length < start.length || start.length < want - heads.length
      heads.push(...before)
    }
    if (complete && this.queuedTargets.size > 0) {
      const queued = new Set(heads.map((h) => h.target_key))
      for (const [t, returning] of this.queuedTargets)
        if (returning === 0 && !queued.has(t)) this.queuedTargets.delete(t)
      if (this.queuedTargets.size === 0) Atomics.store(this.paused, 0, 0)
    }
    const room = (target: string) => this.breakers.room(target, nowMs)
    const plan = this.slots.allocate(heads.map(targetHead), o.limit, nowMs, room)
    const rows = await claimTargetDeliveries(db, this.deps.dialect, {
      workerId: this.workerId,
      plan,
      leaseMs: o.leaseMs,
      nowMs,
    })
    for (const row of rows) this.begin(row, nowMs)
    const last = plan.at(-1)
    if (last) this.cursor = last.targetKey
    else if (heads.length === 0) this.cursor = ''
    const waiting = rows.length === 0 && heads.some((h) => h.due_at <= nowMs)
    this.blocked = waiting ? { nextAt: this.nextLook(heads, complete, nowMs) } : null
    return rows
  }

  /** The earliest of: a breaker's next probe, a target's next due delivery (if every target was seen). */
  private nextLook(
    heads: readonly PendingTarget[],
    complete: boolean,
    nowMs: number,
  ): number | null {
    let next = this.breakers.nextProbeAt()
    if (!complete) return next
    for (const h of heads)
      if (h.due_at > nowMs && (next === null || h.due_at < next)) next = h.due_at
    return next
  }

  /** A delivery's place is free again; a worker that waits for one is woken. */
  private release(row: EventDeliveryRow, ok: boolean | null): void {
    const id = Number(row.id)
    const ticket: Ticket = this.probes.delete(id) ? 'probe' : 'normal'
    const nowMs = this.deps.clock.nowMs()
    if (hasBreaker(row)) {
      if (ok === null) this.breakers.abandoned(row.target_key, ticket, nowMs)
      else this.breakers.finished(row.target_key, ticket, ok, nowMs)
    }
    this.slots.give(row.target_key, Number(row.account_id))
    this.startHeld(row.target_key)
    if (this.blocked) {
      this.blocked = null
      this.deps.ready.wake()
    }
  }

  private async handle(
    rows: EventDeliveryRow[],
    track: (work: Promise<void>) => void,
  ): Promise<void> {
    const hooks = await webhooksById(this.deps.db, [
      ...new Set(rows.flatMap((r) => (r.webhook_id === null ? [] : [Number(r.webhook_id)]))),
    ])
    this.deps.failures.seen(hooks.values())
    for (const row of rows) {
      const hook = row.webhook_id === null ? null : hooks.get(Number(row.webhook_id))
      if (row.webhook_id !== null && (!hook || hook.is_active !== 1)) {
        // Deleted or switched off since the event: nothing to attempt.
        const nowMs = this.deps.clock.nowMs()
        try {
          await this.deps.groupCommit.run((trx) =>
            dropDelivery(trx, Number(row.id), this.workerId, nowMs),
          )
          this.deps.failures.dropped(row)
        } finally {
          this.release(row, null)
        }
        continue
      }
      track(this.deliver(row, hook?.secret ?? null))
    }
  }

  private async deliver(row: EventDeliveryRow, secret: string | null): Promise<void> {
    let released = false
    const free = (ok: boolean | null) => {
      if (released) return
      released = true
      this.release(row, ok)
    }
    try {
      await this.attempts.run(row, secret, free)
    } finally {
      free(null)
    }
  }
}

function targetHead(h: PendingTarget): TargetHead {
  return { targetKey: h.target_key, accountId: h.account_id, dueAt: h.due_at }
}
