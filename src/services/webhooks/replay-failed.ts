import { unixSeconds } from '../../shared/clock.js'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { isEmailTarget } from '../../events/outbox.js'
import { insertDeliveries } from '../../store/repositories/event.repository.js'
import { takeFailedDeliveries } from '../../store/repositories/event-replay.repository.js'
import type { ServiceDeps } from '../deps.js'
import { getWebhook } from './manage-webhooks.js'
import type { ReplayFailedBody } from './webhook.schemas.js'

/** Deliveries moved per transaction: a long outage may have given up many thousands. */
const CHUNK = 500

export type ReplayFailedResult = { requeued: number; since: number; until: number }

/**
 * Sends again every event given up for a webhook between `since` and `until` (unix s, when it
 * was given up), as new notification tasks in the order the events happened. They share one
 * ordering subject per webhook, so the worker sends them one after the other; each delivery
 * taken is marked replayed, so a second replay of the same span sends nothing twice.
 */
export async function replayFailedEvents(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'ids' | 'outbox'>,
  accountId: number,
  webhookId: number,
  body: ReplayFailedBody,
): Promise<ReplayFailedResult> {
  const hook = await getWebhook(deps, accountId, webhookId)
  const now = unixSeconds(deps.clock)
  const until = body.until ?? now
  const problems: Violation[] = []
  if (body.since > now) {
    problems.push({ propertyPath: 'since', message: `is in the future (now is ${now})` })
  }
  if (until < body.since) problems.push({ propertyPath: 'until', message: 'is before since' })
  if (problems.length > 0) throw validationError(problems)
  if (!hook.is_active) throw appError('WEBHOOK_INACTIVE', { id: webhookId })
  // The webhook's URI now, which may have changed since the events were given up.
  const transport = isEmailTarget(hook.uri) ? 'email' : 'http'
  let requeued = 0
  for (;;) {
    const nowMs = deps.clock.nowMs()
    const taken = await deps.db.transaction().execute(async (trx) => {
      const rows = await takeFailedDeliveries(trx, {
        accountId,
        webhookId,
        sinceMs: body.since * 1000,
        untilMs: until * 1000 + 999,
        nowMs,
        limit: CHUNK,
      })
      await insertDeliveries(
        trx,
        rows.map((r) => ({
          event_id: r.event_id,
          account_id: accountId,
          name: r.name,
          data: r.data,
          created_at: Number(r.created_at),
          subject: `replay:${webhookId}`,
          sms_uuid: r.sms_uuid,
          target_key: r.target_key,
          webhook_id: webhookId,
          transport,
          target: hook.uri,
          task_id: deps.ids.uuid(),
          attempt_total: transport === 'email' ? 1 : r.attempt_total,
          due_at: nowMs,
        })),
        nowMs,
      )
      return rows.length
    })
    requeued += taken
    if (taken > 0) deps.outbox.ready.notify()
    if (taken < CHUNK) break
  }
  return { requeued, since: body.since, until }
}
