import { appError } from '../../errors/app-error.js'
import { ATTEMPT_FILTERS } from '../../domain/events/attempt-filters.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import * as attempts from '../../store/repositories/event-attempt.repository.js'
import { insertDeliveries } from '../../store/repositories/event.repository.js'
import type { EventAttemptRow } from '../../store/tables/event.table.js'
import type { ServiceDeps } from '../deps.js'
import { getWebhook } from './manage-webhooks.js'
import { isUuid } from '../../domain/uuid.js'

export type WebhookAttempt = {
  id: number
  event_id: string
  event_name: string
  attempt_number: number
  attempt_total: number
  attempted_at: number
  ok: boolean
  http_status: number | null
  error: string | null
  latency_ms: number
}

/** Every delivery attempt to one of the account's webhooks, newest first. */
export async function listWebhookAttempts(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  webhookId: number,
  query: RawQuery,
): Promise<{ items: WebhookAttempt[]; total: number; page: number }> {
  await getWebhook(deps, accountId, webhookId)
  const parsed = parseQuery(ATTEMPT_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await attempts.listAttempts(
    deps.db,
    deps.dialect,
    accountId,
    webhookId,
    parsed.value,
  )
  return { items: rows.map(attemptFromRow), total, page: parsed.value.page }
}

/**
 * Sends an event to the webhook again, as a new notification task (attempts start at 1), behind
 * any earlier event of the same SMS still on its way there.
 */
export async function replayEvent(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'ids' | 'outbox'>,
  accountId: number,
  webhookId: number,
  eventId: string,
): Promise<{ event_id: string; notification_task_id: string }> {
  const hook = await getWebhook(deps, accountId, webhookId)
  if (!hook.is_active) throw appError('WEBHOOK_INACTIVE', { id: webhookId })
  const earlier = isUuid(eventId)
    ? await attempts.findWebhookDelivery(deps.db, accountId, webhookId, eventId.toLowerCase())
    : undefined
  if (!earlier) throw appError('EVENT_NOT_FOUND', { id: eventId, webhook: webhookId })
  const taskId = deps.ids.uuid()
  const nowMs = deps.clock.nowMs()
  await insertDeliveries(
    deps.db,
    [
      {
        event_id: earlier.event_id,
        account_id: accountId,
        name: earlier.name,
        data: earlier.data,
        created_at: Number(earlier.created_at),
        subject: earlier.subject,
        sms_uuid: earlier.sms_uuid,
        target_key: earlier.target_key,
        webhook_id: webhookId,
        transport: earlier.transport,
        target: hook.uri,
        task_id: taskId,
        attempt_total: earlier.attempt_total,
        due_at: nowMs,
      },
    ],
    nowMs,
  )
  deps.outbox.ready.notify()
  return { event_id: earlier.event_id, notification_task_id: taskId }
}

function attemptFromRow(r: EventAttemptRow): WebhookAttempt {
  return {
    id: Number(r.id),
    event_id: r.event_id,
    event_name: r.event_name,
    attempt_number: r.attempt_number,
    attempt_total: r.attempt_total,
    attempted_at: Number(r.attempted_at),
    ok: r.ok === 1,
    http_status: r.http_status === null ? null : Number(r.http_status),
    error: r.error,
    latency_ms: Number(r.latency_ms),
  }
}
