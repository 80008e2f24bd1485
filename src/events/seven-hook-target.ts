// seven.io-style webhooks as targets of the outbox: which events a hook takes, and the payload
// it gets, as seven.io's webhook documentation shows them (`dlr`, `sms_mo`).
import { sevenStatus, sevenTime } from '../domain/seven/seven-status.js'
import type { Db } from '../store/database.js'
import { sevenMessageOf } from '../store/repositories/seven-hook.repository.js'
import type { SevenHookRow } from '../store/tables/seven-hook.table.js'
import type { NewEvent, SmsDeliveryData, SmsIncomingData } from './event-types.js'
import type {
  SevenHookDelivery,
  SevenHookPayload,
  SevenRequestMethod,
} from './transports/seven-hook.js'

/** The events of the gateway each of seven.io's event types stands for. */
export const SEVEN_EVENT_TYPES = {
  all: ['sms.delivery', 'sms.incoming'],
  dlr: ['sms.delivery'],
  sms_mo: ['sms.incoming'],
} as const
export type SevenEventType = keyof typeof SEVEN_EVENT_TYPES

export type SevenHookTarget = {
  hookId: number
  events: ReadonlySet<string>
  method: SevenRequestMethod
  headers: string
  filter: string | null
  keyId: number | null
}

export function sevenHookTarget(row: SevenHookRow): SevenHookTarget {
  return {
    hookId: Number(row.id),
    events: new Set(SEVEN_EVENT_TYPES[row.event_type as SevenEventType] ?? []),
    method: row.request_method as SevenRequestMethod,
    headers: row.headers,
    filter: row.event_filter,
    keyId: row.key_id === null ? null : Number(row.key_id),
  }
}

/** seven.io's webhook_timestamp: ISO 8601 with the offset (UTC here). */
function webhookTimestamp(unixS: number): string {
  return new Date(unixS * 1000).toISOString().slice(0, 19) + '+00:00'
}

function digits(phone: string): string {
  return phone.replace(/\D/g, '')
}

/**
 * The delivery for a hook, or null when the event is not for it: a status report of a message
 * with another facade's id (the SMPP server's), or an inbound SMS its filter does not match.
 * Reports carry the message's foreign_id beside seven's msg_id, status and timestamp.
 */
export async function sevenHookDelivery(
  db: Db,
  event: NewEvent,
  hook: SevenHookTarget,
  /** The message's seven facts, read once for all hooks of the event. */
  message: SevenMessageLoader = sevenMessageLoader(db, event),
): Promise<SevenHookDelivery | null> {
  let payload: SevenHookPayload | null = null
  if (event.name === 'sms.delivery' && event.subject !== null) {
    const sms = await message()
    if (sms === null) return null
    const d = event.data as SmsDeliveryData
    const time = sevenTime(event.createdAt)
    payload = {
      webhook_event: 'dlr',
      webhook_timestamp: webhookTimestamp(event.createdAt),
      data: {
        msg_id: sms.sevenId,
        status: sevenStatus(d.dlr_code, d.status_code),
        timestamp: time,
        status_time: time,
        foreign_id: sms.foreignId,
        recipient: digits(sms.phone),
      },
    }
  } else if (event.name === 'sms.incoming') {
    const d = event.data as SmsIncomingData
    // seven.io's filter names the inbound number the hook is for.
    if (hook.filter !== null && hook.filter !== '' && digits(hook.filter) !== digits(d.to))
      return null
    payload = {
      webhook_event: 'sms_mo',
      webhook_timestamp: webhookTimestamp(event.createdAt),
      data: {
        id: d.id === undefined ? d.uuid : String(d.id),
        sender: digits(d.from),
        system: digits(d.to),
        text: d.text,
        time: String(d.received_at),
        message_type: 'SMS',
      },
    }
  }
  return payload === null
    ? null
    : { method: hook.method, headers: hook.headers, keyId: hook.keyId, payload }
}

export type SevenMessageLoader = () => Promise<Awaited<ReturnType<typeof sevenMessageOf>>>

/** Reads the seven id and foreign_id of the event's message at most once. */
export function sevenMessageLoader(db: Db, event: NewEvent): SevenMessageLoader {
  let read: ReturnType<typeof sevenMessageOf> | undefined
  return () =>
    (read ??=
      event.subject === null
        ? Promise.resolve(null)
        : sevenMessageOf(db, event.accountId, event.subject, event.createdAt))
}
