import type { Kysely } from 'kysely'
import { Counter, Gauge, Registry } from 'prom-client'
import type { Clock } from '../shared/clock.js'
import type { FailureReason } from '../domain/events/webhook-health.js'
import type { Database } from '../store/database.js'
import { eventQueueDepth } from '../store/queue/event-queue-depth.js'
import type { EventTransport } from '../store/tables/event.table.js'

export type NoticeOutcome = 'sent' | 'failed' | 'no_address' | 'no_smtp'

/**
 * Metrics of the event worker, per process. Labels come from small fixed sets (transport,
 * reason, outcome): never a URL, an account or a webhook id, which grow without bound.
 */
export type EventMetrics = {
  registry: Registry
  attempts: Counter<'transport' | 'outcome'>
  givenUp: Counter<'transport' | 'reason'>
  disabled: Counter<'reason'>
  notices: Counter<'kind' | 'outcome'>
}

export function createEventMetrics(deps: { db: Kysely<Database>; clock: Clock }): EventMetrics {
  const registry = new Registry()
  const attempts = new Counter({
    name: 'taube_event_attempts_total',
    help: 'Event delivery attempts (webhook, email, push), by transport and outcome (ok, failed)',
    labelNames: ['transport', 'outcome'] as const,
    registers: [registry],
  })
  const givenUp = new Counter({
    name: 'taube_event_deliveries_given_up_total',
    help: 'Event deliveries given up: attempts spent, or their webhook switched off or deleted',
    labelNames: ['transport', 'reason'] as const,
    registers: [registry],
  })
  const disabled = new Counter({
    name: 'taube_webhooks_disabled_total',
    help: 'Webhooks switched off after failing continuously',
    labelNames: ['reason'] as const,
    registers: [registry],
  })
  const notices = new Counter({
    name: 'taube_webhook_failure_notices_total',
    help: 'Notices to accounts about failing or switched-off webhooks, by outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  })
  // Store-wide, read at scrape: every events process shows the same figures.
  new Gauge({
    name: 'taube_event_queue_depth',
    help: 'Event deliveries in the outbox: due, waiting (a retry or their turn), being delivered',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const d = await eventQueueDepth(deps.db, deps.clock.nowMs())
      this.set({ kind: 'due' }, d.due)
      this.set({ kind: 'waiting' }, d.waiting)
      this.set({ kind: 'delivering' }, d.delivering)
    },
  })
  return { registry, attempts, givenUp, disabled, notices }
}

export function countGivenUp(
  m: EventMetrics,
  transport: EventTransport,
  reason: FailureReason,
): void {
  m.givenUp.inc({ transport, reason })
}
