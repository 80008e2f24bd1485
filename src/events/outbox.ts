import type { Clock } from '../shared/clock.js'
import type { Ids } from '../shared/ids.js'
import type { Db } from '../store/database.js'
import { afterCommit } from '../store/group-commit.js'
import {
  insertDeliveries,
  insertLeasedDelivery,
  type NewDelivery,
} from '../store/repositories/event.repository.js'
import { notificationTargets } from '../store/repositories/webhook.repository.js'
import type { EventDeliveryRow, EventTransport } from '../store/tables/event.table.js'
import { WorkSignal } from '../store/queue/work-signal.js'
import type { EventName, NewEvent } from './event-types.js'
import { handOffTo, type EventHandOff, type WorkerPlace } from './hand-off.js'

import { kannelDlrTarget } from './kannel-dlr-target.js'
import { kannelMoUrl } from './transports/kannel-mo.js'
import { listSevenHooks } from '../store/repositories/seven-hook.repository.js'
import {
  sevenHookDelivery,
  sevenHookTarget,
  sevenMessageLoader,
  type SevenHookTarget,
} from './seven-hook-target.js'

type Target = {
  key: string
  webhookId: number | null
  transport: EventTransport
  target: string
  /** null: every event. */
  events: ReadonlySet<string> | null
  /** A seven.io-style hook: its payload is built per event (seven-hook-target.ts). */
  seven?: SevenHookTarget
}

/** How long an account's targets are reused before they are read again. */
const TARGETS_TTL_MS = 1000

/** Email (here and in spec §16.1) is an address without a URL scheme. */
export function isEmailTarget(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(uri) && uri.includes('@')
}

/**
 * The outbox: `record` runs inside the transaction of the change that causes an event and writes
 * one delivery per target (the account's webhooks that take the event, and the legacy push
 * endpoint where the event has a legacy form). Accounts without targets cost a cached lookup.
 */
export class Outbox {
  private readonly targets = new Map<number, { readAt: number; targets: Target[] }>()
  /** Wakes the event worker when deliveries were recorded. */
  readonly ready = new WorkSignal()

  constructor(
    private readonly deps: { ids: Ids; clock: Clock },
    /** Attempts of an HTTP delivery; email gets one (spec §16.3). */
    private readonly httpAttempts: number,
  ) {}

  /** The event worker of this process, where one runs and is reachable (hand-off.ts). */
  handOff: EventHandOff | null = null

  /** Tells the other threads of this process where the event worker takes deliveries. */
  onWorker: ((place: WorkerPlace | null) => void) | null = null

  /** The event worker started (or stopped) in this thread: this thread and the others hand to it. */
  useWorker(handOff: (EventHandOff & { place: WorkerPlace }) | null): void {
    this.handOff = handOff
    this.onWorker?.(handOff?.place ?? null)
  }

  /** The event worker runs in another thread: deliveries reach it through `post`. */
  useRemoteWorker(place: WorkerPlace | null, post: (rows: EventDeliveryRow[]) => void): void {
    this.handOff = place ? handOffTo(place, post) : null
  }

  /** Tells the other threads of this process that an account's targets changed. */
  onInvalidate: ((accountId: number) => void) | null = null

  /** Webhooks or the push endpoint of the account changed here: read them afresh. */
  invalidate(accountId: number): void {
    this.forget(accountId)
    this.onInvalidate?.(accountId)
  }

  /** Drops this thread's copy of an account's targets only: the change was made elsewhere. */
  forget(accountId: number): void {
    this.targets.delete(accountId)
  }

  async record<N extends EventName>(db: Db, event: NewEvent<N>): Promise<number> {
    const targets = (await this.targetsOf(db, event.accountId)).filter((t) =>
      t.seven !== undefined
        ? t.seven.events.has(event.name)
        : t.webhookId === null
          ? event.legacy !== undefined && !event.legacyTarget
          : !t.events || t.events.has(event.name),
    )
    if (event.legacy !== undefined && event.legacyTarget) {
      targets.push(legacyPush(`push:${event.accountId}`, event.legacyTarget))
    }
    if (event.kannelMo) targets.push(kannelMoTarget(event.accountId, event.kannelMo))
    const kannel = await kannelDlrTarget(db, event)
    if (kannel !== null)
      targets.push({ ...kannel, webhookId: null, transport: 'kannel_dlr', events: null })
    const data = new Map<Target, string>()
    const message = sevenMessageLoader(db, event)
    for (const t of targets) {
      if (t.seven === undefined) continue
      const delivery = await sevenHookDelivery(db, event, t.seven, message)
      if (delivery !== null) data.set(t, JSON.stringify(delivery))
    }
    const chosen = targets.filter((t) => t.seven === undefined || data.has(t))
    if (chosen.length === 0) return 0
    const eventId = this.deps.ids.uuid()
    const nowMs = this.deps.clock.nowMs()
    const rows: NewDelivery[] = chosen.map((t) => ({
      event_id: eventId,
      account_id: event.accountId,
      name: event.name,
      data: data.get(t) ?? JSON.stringify(t.webhookId === null ? event.legacy : event.data),
      created_at: event.createdAt,
      subject: event.subject,
      // The subject of an event names its SMS (event-types.ts); replays keep it here.
      sms_uuid: event.subject,
      target_key: t.key,
      webhook_id: t.webhookId,
      transport: t.transport,
      target: t.target,
      task_id: this.deps.ids.uuid(),
      attempt_total:
        t.transport === 'email' || t.transport === 'legacy_email' ? 1 : this.httpAttempts,
      due_at: nowMs,
    }))
    const queued = this.handOff ? await this.handOver(db, this.handOff, rows, nowMs) : rows
    if (queued.length === 0) return rows.length
    await insertDeliveries(db, queued, nowMs)
    // After this turn: the transaction that holds the rows has committed by then (group commit
    // runs its batch in microtasks); a worker that looked too early finds them on its next poll.
    setImmediate(() => this.ready.notify())
    return rows.length
  }

  /**
   * Stores the deliveries the worker has room for leased to it, and hands them over once the
   * unit that stored them has committed (a unit rolled back gives their places back, and is run
   * again or fails); the rest are left to queue.
   */
  private async handOver(
    db: Db,
    handOff: EventHandOff,
    rows: NewDelivery[],
    nowMs: number,
  ): Promise<NewDelivery[]> {
    const handed: EventDeliveryRow[] = []
    const hooked = afterCommit(db, (committed) => {
      for (const row of handed) {
        if (committed) handOff.deliver(row)
        else handOff.giveBack()
      }
    })
    if (!hooked) return rows
    const queued: NewDelivery[] = []
    const lease = { owner: handOff.owner, leaseUntil: nowMs + handOff.leaseMs, nowMs }
    for (const row of rows) {
      if (!handOff.take()) {
        queued.push(row)
        continue
      }
      const stored = await insertLeasedDelivery(db, row, lease).catch((err: unknown) => {
        handOff.giveBack()
        throw err
      })
      if (stored.leased) handed.push(leasedRow(row, stored.id, lease))
      else {
        // Queued behind an open delivery of its message: a claim takes it once that one is done.
        handOff.giveBack()
        setImmediate(() => this.ready.notify())
      }
    }
    return queued
  }

  private async targetsOf(db: Db, accountId: number): Promise<Target[]> {
    const nowMs = this.deps.clock.nowMs()
    const cached = this.targets.get(accountId)
    if (cached && nowMs - cached.readAt < TARGETS_TTL_MS && nowMs >= cached.readAt)
      return cached.targets
    const { webhooks, pushUrl } = await notificationTargets(db, accountId)
    const targets: Target[] = webhooks.map((w) => {
      const events = JSON.parse(w.events) as string[]
      return {
        key: `webhook:${w.id}`,
        webhookId: Number(w.id),
        transport: isEmailTarget(w.uri) ? 'email' : 'http',
        target: w.uri,
        events: events.length === 0 ? null : new Set(events),
      }
    })
    if (pushUrl) targets.push(legacyPush(`push:${accountId}`, pushUrl))
    for (const hook of await listSevenHooks(db, accountId)) {
      if (hook.enabled !== 1) continue
      targets.push({
        key: `seven:${hook.id}`,
        webhookId: null,
        transport: 'seven_hook',
        target: hook.target_url,
        events: null,
        seven: sevenHookTarget(hook),
      })
    }
    this.targets.set(accountId, { readAt: nowMs, targets })
    return targets
  }
}

/** The delivery as the worker's claim returns it. */
function leasedRow(
  row: NewDelivery,
  id: number,
  lease: { owner: string; leaseUntil: number; nowMs: number },
): EventDeliveryRow {
  return {
    id,
    event_id: row.event_id,
    account_id: row.account_id,
    name: row.name,
    data: row.data,
    created_at: row.created_at,
    subject: row.subject,
    sms_uuid: row.sms_uuid,
    target_key: row.target_key,
    webhook_id: row.webhook_id,
    transport: row.transport,
    target: row.target,
    task_id: row.task_id,
    attempt_total: row.attempt_total,
    attempts: 0,
    state: 'delivering',
    due_at: row.due_at,
    lease_owner: lease.owner,
    lease_expires_at: lease.leaseUntil,
    updated_at: lease.nowMs,
  }
}

function legacyPush(key: string, target: string): Target {
  return {
    key,
    webhookId: null,
    transport: isEmailTarget(target) ? 'legacy_email' : 'legacy_get',
    target,
    events: null,
  }
}

/** An inbound SMS for a Kannel receive port: a GET, as Kannel's report URL (transport kannel_dlr). */
function kannelMoTarget(accountId: number, mo: NonNullable<NewEvent['kannelMo']>): Target {
  return {
    key: `kannel:${accountId}`,
    webhookId: null,
    transport: 'kannel_dlr',
    target: kannelMoUrl(mo),
    events: null,
  }
}
