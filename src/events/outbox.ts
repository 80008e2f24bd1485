import type { Clock } from '../shared/clock.js'
import type { Ids } from '../shared/ids.js'
import type { Db } from '../store/database.js'
import { insertDeliveries, type NewDelivery } from '../store/repositories/event.repository.js'
import { notificationTargets } from '../store/repositories/webhook.repository.js'
import type { EventTransport } from '../store/tables/event.table.js'
import { WorkSignal } from '../store/queue/work-signal.js'
import type { EventName, NewEvent } from './event-types.js'
import { kannelDlrTarget } from './kannel-dlr-target.js'
import { kannelMoUrl } from './transports/kannel-mo.js'

type Target = {
  key: string
  webhookId: number | null
  transport: EventTransport
  target: string
  /** null: every event. */
  events: ReadonlySet<string> | null
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
      t.webhookId === null
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
    if (targets.length === 0) return 0
    const eventId = this.deps.ids.uuid()
    const nowMs = this.deps.clock.nowMs()
    const rows: NewDelivery[] = targets.map((t) => ({
      event_id: eventId,
      account_id: event.accountId,
      name: event.name,
      data: JSON.stringify(t.webhookId === null ? event.legacy : event.data),
      created_at: event.createdAt,
      subject: event.subject,
      target_key: t.key,
      webhook_id: t.webhookId,
      transport: t.transport,
      target: t.target,
      task_id: this.deps.ids.uuid(),
      attempt_total:
        t.transport === 'email' || t.transport === 'legacy_email' ? 1 : this.httpAttempts,
      due_at: nowMs,
    }))
    await insertDeliveries(db, rows, nowMs)
    // After this turn: the transaction that holds the rows has committed by then (group commit
    // runs its batch in microtasks); a worker that looked too early finds them on its next poll.
    setImmediate(() => this.ready.notify())
    return rows.length
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
    this.targets.set(accountId, { readAt: nowMs, targets })
    return targets
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
