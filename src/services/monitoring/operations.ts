import { maskPhone } from '../../domain/phone/mask.js'
import { eventQueueDepth } from '../../store/queue/event-queue-depth.js'
import { queueDepthByState } from '../../store/queue/queue-depth.js'
import {
  recentFailedAttempts,
  recentFailedMessages,
  type Paging,
} from '../../store/repositories/failures.repository.js'
import type { ServiceDeps } from '../deps.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'>

/** What waits to be sent, and the events waiting to be delivered, at this moment. */
export async function queueOverview(deps: Deps) {
  const nowMs = deps.clock.nowMs()
  const [messages, events] = await Promise.all([
    queueDepthByState(deps.db, nowMs),
    eventQueueDepth(deps.db, nowMs),
  ])
  return { messages, events }
}

/** The latest messages that failed, were rejected or expired, of every account; newest first. */
export async function recentMessageFailures(deps: Deps, p: Paging) {
  const { rows, more } = await recentFailedMessages(deps.db, p)
  return {
    failures: rows.map((r) => ({
      uuid: r.uuid,
      account_id: Number(r.account_id),
      phone: maskPhone(r.phone),
      iso2: r.iso2,
      status: r.state,
      status_code: r.status_code,
      dlr_code: r.dlr_code,
      error: r.status_detail,
      connector_id: r.connector_id,
      updated_at: Number(r.updated_at),
    })),
    ...pageLinks(p, more),
  }
}

/** The latest failed attempts to deliver an event to a webhook or push target; newest first. */
export async function recentWebhookFailures(deps: Deps, p: Paging) {
  const { rows, more } = await recentFailedAttempts(deps.db, p)
  return {
    failures: rows.map((r) => ({
      id: Number(r.id),
      account_id: Number(r.account_id),
      webhook_id: r.webhook_id === null ? null : Number(r.webhook_id),
      event_id: r.event_id,
      event_name: r.event_name,
      attempt: r.attempt_number,
      attempts_total: r.attempt_total,
      http_status: r.http_status,
      error: r.error,
      attempted_at: Number(r.attempted_at),
    })),
    ...pageLinks(p, more),
  }
}

function pageLinks(p: Paging, more: boolean) {
  return { page: p.page, per_page: p.perPage, next_page: more ? p.page + 1 : null }
}
