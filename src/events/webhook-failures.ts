import type { Logger } from 'pino'
import type { Clock } from '../shared/clock.js'
import { failureReason, judgeFailure, type FailurePolicy } from '../domain/events/webhook-health.js'
import type { GroupCommit } from '../store/group-commit.js'
import {
  claimNotice,
  clearFailing,
  disableFailingWebhook,
  emailWebhookUris,
  recordGivenUp,
  type FailureState,
} from '../store/repositories/webhook-health.repository.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'
import { countGivenUp, type EventMetrics, type NoticeOutcome } from './event-metrics.js'
import { failureNotice } from './failure-notice.js'
import type { AttemptResult } from './transports/attempt.js'

export type WebhookFailuresDeps = {
  groupCommit: GroupCommit
  clock: Clock
  log: Logger
  metrics: EventMetrics
  /** null when no SMTP relay is configured: notices are only logged. */
  email: { send(to: string, subject: string, body: string): Promise<AttemptResult> } | null
  /** A webhook was switched off here: the outbox stops recording events for it. */
  onDisabled: (accountId: number) => void
}

type Delivery = Pick<
  EventDeliveryRow,
  'id' | 'event_id' | 'account_id' | 'webhook_id' | 'transport' | 'attempt_total'
>

/**
 * What happens after an event's last attempt: it is logged and counted; its webhook's failure
 * record grows, its account is told (once per period), and a webhook that keeps failing is
 * switched off. A delivery that succeeds clears the record. Nothing here throws into the worker.
 */
export class WebhookFailures {
  /** Webhooks whose record said "failing" when their deliveries were claimed. */
  private readonly failing = new Set<number>()

  constructor(
    private readonly deps: WebhookFailuresDeps,
    private readonly policy: FailurePolicy,
  ) {}

  /** The webhooks of a claimed batch, as read from the store. */
  seen(hooks: Iterable<{ id: number; failing_since: number | null }>): void {
    for (const h of hooks) {
      if (h.failing_since === null) this.failing.delete(Number(h.id))
      else this.failing.add(Number(h.id))
    }
  }

  /** A delivery's attempt was recorded; `givenUp` when it was its last and it failed. */
  async attempted(d: Delivery, result: AttemptResult, givenUp: boolean): Promise<void> {
    this.deps.metrics.attempts.inc({ transport: d.transport, outcome: result.ok ? 'ok' : 'failed' })
    try {
      if (result.ok) await this.delivered(d)
      else if (givenUp) await this.givenUp(d, result)
    } catch (err) {
      const ids = { deliveryId: Number(d.id), webhookId: d.webhook_id }
      this.deps.log.error({ err, ...ids }, 'recording a webhook failure failed')
    }
  }

  /** A delivery ended without an attempt: its webhook was switched off or deleted meanwhile. */
  dropped(d: Delivery): void {
    countGivenUp(this.deps.metrics, d.transport, 'webhook_inactive')
    // info: switching a webhook off may drop thousands at once; the switch itself is a warning.
    this.deps.log.info(
      {
        eventId: d.event_id,
        deliveryId: Number(d.id),
        accountId: Number(d.account_id),
        webhookId: d.webhook_id,
        reason: 'webhook_inactive',
      },
      'event given up: its webhook is off or gone',
    )
  }

  private async delivered(d: Delivery): Promise<void> {
    if (d.webhook_id === null) return
    const id = Number(d.webhook_id)
    if (!this.failing.delete(id)) return
    await this.deps.groupCommit.run((trx) => clearFailing(trx, [id]))
    this.deps.log.info({ webhookId: id, accountId: Number(d.account_id) }, 'webhook delivers again')
  }

  private async givenUp(d: Delivery, result: AttemptResult): Promise<void> {
    const reason = failureReason(d.transport, result.status, result.error)
    countGivenUp(this.deps.metrics, d.transport, reason)
    const webhookId = d.webhook_id === null ? null : Number(d.webhook_id)
    this.deps.log.warn(
      {
        eventId: d.event_id,
        deliveryId: Number(d.id),
        accountId: Number(d.account_id),
        webhookId,
        transport: d.transport,
        attempts: d.attempt_total,
        reason,
        status: result.status,
      },
      'event given up after its last attempt',
    )
    if (webhookId === null) return
    const nowMs = this.deps.clock.nowMs()
    const record = await this.deps.groupCommit.run((trx) => recordGivenUp(trx, webhookId, nowMs))
    if (!record) return
    this.failing.add(webhookId)
    const verdict = judgeFailure(
      {
        isActive: record.is_active === 1,
        failingSinceMs: Number(record.failing_since ?? nowMs),
        failedCount: Number(record.failed_count),
        notifiedAtMs: record.notified_at === null ? null : Number(record.notified_at),
      },
      nowMs,
      this.policy,
    )
    if (verdict.disable) {
      const off = await this.deps.groupCommit.run((trx) =>
        disableFailingWebhook(trx, webhookId, nowMs),
      )
      if (!off) return
      this.deps.metrics.disabled.inc({ reason: 'failing' })
      this.deps.log.warn(
        {
          webhookId,
          accountId: Number(record.account_id),
          failedCount: Number(record.failed_count),
          failingSince: record.failing_since,
        },
        'webhook switched off: it kept failing',
      )
      this.deps.onDisabled(Number(record.account_id))
      await this.notify('disabled', record, result)
    } else if (verdict.notice === 'failing') {
      const mine = await this.deps.groupCommit.run((trx) =>
        claimNotice(trx, webhookId, nowMs, this.policy.noticeEveryMs),
      )
      if (mine) await this.notify('failing', record, result)
    }
  }

  private async notify(
    kind: 'failing' | 'disabled',
    w: FailureState,
    last: AttemptResult,
  ): Promise<void> {
    const accountId = Number(w.account_id)
    const to = w.notify_email
      ? [w.notify_email]
      : await this.deps.groupCommit.run((trx) => emailWebhookUris(trx, accountId))
    const outcome = await this.send(kind, w, last, to)
    this.deps.metrics.notices.inc({ kind, outcome })
    const log = { webhookId: Number(w.id), accountId, kind, outcome }
    if (outcome === 'sent') this.deps.log.info(log, 'webhook failure notice sent')
    else this.deps.log.warn(log, 'webhook failure notice not sent')
  }

  private async send(
    kind: 'failing' | 'disabled',
    w: FailureState,
    last: AttemptResult,
    to: string[],
  ): Promise<NoticeOutcome> {
    if (to.length === 0) return 'no_address'
    if (!this.deps.email) return 'no_smtp'
    const { subject, body } = failureNotice({
      kind,
      webhookId: Number(w.id),
      uri: w.uri,
      failingSinceS: Math.floor(Number(w.failing_since ?? this.deps.clock.nowMs()) / 1000),
      failedCount: Number(w.failed_count),
      lastStatus: last.status,
      lastError: last.error,
      disableAfterS: Math.round(this.policy.disableAfterMs / 1000),
      disableMinFailures: this.policy.disableMinFailures,
    })
    const r = await this.deps.email.send(to.join(', '), subject, body)
    return r.ok ? 'sent' : 'failed'
  }
}
