import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import type { Clock } from '../app/clock.js'
import type { Kysely } from 'kysely'
import type { Database, Dialect } from '../store/database.js'
import type { GroupCommit } from '../store/group-commit.js'
import { JoinedUnit } from '../store/joined-unit.js'
import {
  claimDeliveries,
  dropDelivery,
  extendDeliveryLeases,
  finishAttempts,
  type FinishedAttempt,
  nextDeliveryDueAt,
  releaseDeliveryLeases,
} from '../store/repositories/event.repository.js'
import { webhooksById } from '../store/repositories/webhook.repository.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'
import { ClaimLoop, type ClaimLoopOptions } from '../store/queue/claim-loop.js'
import type { WorkSignal } from '../store/queue/work-signal.js'
import { envelope, envelopeJson } from './envelope.js'
import type { WebhookFailures } from './webhook-failures.js'
import { webhookHeaders } from './signing.js'
import type { AttemptResult } from './transports/attempt.js'

export type EventTransports = {
  http: {
    post(url: string, body: string, headers: Record<string, string>): Promise<AttemptResult>
    get(url: string, headers?: Record<string, string>): Promise<AttemptResult>
  }
  /** null when no SMTP relay is configured: email deliveries fail with that reason. */
  email: { send(to: string, subject: string, body: string): Promise<AttemptResult> } | null
}

export type EventWorkerDeps = {
  db: Kysely<Database>
  dialect: Dialect
  groupCommit: GroupCommit
  clock: Clock
  log: Logger
  ready: WorkSignal
  /** What follows an event's last attempt (logs, metrics, the webhook's failure record). */
  failures: WebhookFailures
}

export type EventWorkerOptions = ClaimLoopOptions & {
  /** Seconds before the 2nd, 3rd, … attempt. */
  retryS: readonly number[]
}

export const DEFAULT_EVENT_WORKER_OPTIONS: EventWorkerOptions = {
  batchSize: 200,
  maxInFlight: 256,
  leaseMs: 120_000,
  idleMs: 250,
  gatherMs: 5,
  retryS: [60, 300, 1800],
  releaseAllLeasesAtStart: true,
}

const NO_SMTP: AttemptResult = { ok: false, status: null, error: 'no SMTP relay configured (TAUBE_SMTP_URL)', latencyMs: 0 }

/**
 * Delivers the outbox: claims due deliveries under leases, sends each by its transport, and
 * records every attempt; a failure is tried again after the next retry delay until the
 * delivery's attempts are spent. A crash leaves deliveries leased; their leases run out and
 * they are sent again (at least once, never lost).
 */
export class EventWorker {
  readonly workerId = `events-${randomUUID().slice(0, 8)}`
  private readonly loop: ClaimLoop<EventDeliveryRow>
  /** The attempts finished while a group commit forms, recorded together (finishAttempts). */
  private readonly finished: JoinedUnit<FinishedAttempt, boolean>
  private readonly opts: EventWorkerOptions
  private lingering: (() => void)[] = []
  private lingerTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly deps: EventWorkerDeps,
    private readonly transports: EventTransports,
    opts: Partial<EventWorkerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EVENT_WORKER_OPTIONS, ...opts }
    this.finished = new JoinedUnit(deps.groupCommit, (trx, done) => finishAttempts(trx, this.workerId, done))
    const { db, dialect } = deps
    this.loop = new ClaimLoop(
      { nowMs: () => deps.clock.nowMs(), log: deps.log, signal: deps.ready },
      {
        what: 'event deliveries',
        // Writes wait for this thread's turn (where threads share a SQLite file) without
        // blocking it. On SQLite the claim is a unit of the group commit, as the dispatcher's.
        claim: (o) => {
          const claim = { ...o, workerId: this.workerId }
          return dialect === 'sqlite'
            ? deps.groupCommit.run((trx) => claimDeliveries(trx, dialect, claim))
            : claimDeliveries(db, dialect, claim)
        },
        handle: (rows, track) => this.handle(rows, track),
        nextDueAt: () => nextDeliveryDueAt(db),
        extendLeases: (untilMs) =>
          deps.groupCommit.alone(() => extendDeliveryLeases(db, this.workerId, untilMs)),
        releaseLeases: (o) => deps.groupCommit.alone(() => releaseDeliveryLeases(db, o)),
      },
      this.opts,
    )
  }

  start(): Promise<void> {
    return this.loop.start()
  }

  /** Stops claiming and lets the deliveries in flight finish. */
  stop(): Promise<void> {
    return this.loop.stop()
  }

  private async handle(rows: EventDeliveryRow[], track: (work: Promise<void>) => void): Promise<void> {
    const hooks = await webhooksById(this.deps.db, [
      ...new Set(rows.flatMap((r) => (r.webhook_id === null ? [] : [Number(r.webhook_id)]))),
    ])
    this.deps.failures.seen(hooks.values())
    for (const row of rows) {
      const hook = row.webhook_id === null ? null : hooks.get(Number(row.webhook_id))
      if (row.webhook_id !== null && (!hook || hook.is_active !== 1)) {
        // Deleted or switched off since the event: nothing to attempt.
        const nowMs = this.deps.clock.nowMs()
        await this.deps.groupCommit.run((trx) => dropDelivery(trx, Number(row.id), this.workerId, nowMs))
        this.deps.failures.dropped(row)
        continue
      }
      track(this.deliver(row, hook?.secret ?? null))
    }
  }

  private async deliver(row: EventDeliveryRow, secret: string | null): Promise<void> {
    const attemptNumber = row.attempts + 1
    const attemptedAt = Math.floor(this.deps.clock.nowMs() / 1000)
    const result = await this.send(row, attemptNumber, secret)
    const nowMs = this.deps.clock.nowMs()
    const delayS = this.opts.retryS[Math.min(attemptNumber - 1, this.opts.retryS.length - 1)] ?? 60
    const retryAtMs = !result.ok && attemptNumber < row.attempt_total ? nowMs + delayS * 1000 : null
    await this.gathered()
    const attempt = {
      workerId: this.workerId,
      attemptNumber,
      ok: result.ok,
      httpStatus: result.status,
      error: result.error,
      latencyMs: result.latencyMs,
      attemptedAt,
      retryAtMs,
      nowMs,
    }
    // Only the worker that recorded the attempt acts on it (a lease that ran out lets another).
    if (await this.finished.add({ delivery: row, attempt })) {
      await this.deps.failures.attempted(row, result, retryAtMs === null && !result.ok)
    }
  }

  private send(row: EventDeliveryRow, attemptNumber: number, secret: string | null): Promise<AttemptResult> {
    switch (row.transport) {
      case 'http': {
        const body = envelopeJson(row, attemptNumber)
        const nowS = Math.floor(this.deps.clock.nowMs() / 1000)
        const headers = webhookHeaders(secret, row.event_id, nowS, body)
        headers['x-lox24-request-id'] = randomUUID().replaceAll('-', '')
        return this.transports.http.post(row.target, body, headers)
      }
      case 'email': {
        if (!this.transports.email) return Promise.resolve(NO_SMTP)
        const body = JSON.stringify(envelope(row, attemptNumber), null, 2)
        return this.transports.email.send(row.target, `Event ${row.name}`, body)
      }
      case 'legacy_get': {
        const fields = JSON.parse(row.data) as Record<string, unknown>
        return this.transports.http.get(withQuery(row.target, fields))
      }
      case 'legacy_email': {
        if (!this.transports.email) return Promise.resolve(NO_SMTP)
        const body = JSON.stringify(JSON.parse(row.data), null, 2)
        return this.transports.email.send(row.target, `Event ${row.name}`, body)
      }
    }
  }

  /** Resolves gatherMs after the first caller, together with every caller since. */
  private gathered(): Promise<void> {
    return new Promise((resolve) => {
      this.lingering.push(resolve)
      this.lingerTimer ??= setTimeout(() => {
        this.lingerTimer = null
        const waiting = this.lingering
        this.lingering = []
        for (const r of waiting) r()
      }, this.opts.gatherMs)
    })
  }
}

/** The legacy push URL with the fields as query parameters; null becomes empty. */
export function withQuery(target: string, params: Record<string, unknown>): string {
  const url = new URL(target)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v === null || v === undefined ? '' : String(v))
  return url.toString()
}
