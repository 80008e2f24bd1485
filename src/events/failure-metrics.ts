import { Counter, Registry } from 'prom-client'
import type { FailureReason } from '../domain/events/webhook-health.js'
import type { EventTransport } from '../store/tables/event.table.js'

export type NoticeOutcome = 'sent' | 'failed' | 'no_address' | 'no_smtp'

/**
 * Counters of what the event worker gives up, per process. Labels come from small fixed sets
 * (transport, reason, outcome): never a URL, an account or a webhook id, which grow without bound.
 */
export type FailureMetrics = {
  registry: Registry
  givenUp: Counter<'transport' | 'reason'>
  disabled: Counter<'reason'>
  notices: Counter<'kind' | 'outcome'>
}

export function createFailureMetrics(): FailureMetrics {
  const registry = new Registry()
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
  return { registry, givenUp, disabled, notices }
}

export function countGivenUp(
  m: FailureMetrics,
  transport: EventTransport,
  reason: FailureReason,
): void {
  m.givenUp.inc({ transport, reason })
}
