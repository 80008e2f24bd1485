import { SMS_STATUS } from '../../domain/message/status.js'
import type { SmsRow } from '../../store/tables/sms.table.js'
import type { ServiceDeps } from '../deps.js'

/**
 * How an SMS enters the queue: not sent, due now or at its delivery_at, valid for the operator's
 * validity (or its own, if shorter) from then. Single SMS and bulk members alike.
 */
export function queuedFields(
  deps: Pick<ServiceDeps, 'clock' | 'settings'>,
  o: { deliveryAtS: number; priority: number; validityS?: number | null },
) {
  const nowMs = deps.clock.nowMs()
  const scheduled = o.deliveryAtS * 1000 > nowMs
  const dueAt = scheduled ? o.deliveryAtS * 1000 : nowMs
  return {
    delivery_at: scheduled ? o.deliveryAtS : 0,
    state: scheduled ? 'scheduled' : 'queued',
    status_code: SMS_STATUS.NEW,
    dlr_code: 0,
    is_sent: 0,
    gateway_sent_at: 0,
    due_at: dueAt,
    priority: o.priority,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    connector_id: null,
    carrier_message_id: null,
    status_detail: null,
    valid_until: dueAt + validityS(deps.settings.messageValidityS, o.validityS) * 1000,
    route_id: null,
    is_binary: 0,
    udh: null,
    in_doubt_until: null,
    message_class: null,
    facade_id: null,
    label: null,
  } satisfies Partial<SmsRow>
}

/** A message's own validity shortens the operator's, never lengthens it. */
function validityS(operator: number, own: number | null | undefined): number {
  return own == null || own <= 0 ? operator : Math.min(own, operator)
}
