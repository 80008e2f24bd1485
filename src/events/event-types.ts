// The events a customer can subscribe to (spec §16.4) and what each carries. A capability that
// emits a new event adds its name and data type here; outbox, worker and transports stay as they are.

export const API_VERSION = '2022-05-25'

export const EVENT_NAMES = [
  'sms.delivery',
  'sms.delivery.dryrun',
  'sms.incoming',
  'sms.email.parsing.success',
  'sms.email.parsing.fail',
  'bulk.email.parsing.success',
  'bulk.email.parsing.fail',
  'fraud-check.done',
  'link.clicked',
] as const

export type EventName = (typeof EVENT_NAMES)[number]

export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name)
}

/** `sms.delivery`: fires on every change of an SMS's dlr_code (spec §15.1). */
export type SmsDeliveryData = {
  id: string
  key_id: number | null
  dlr_code: number
  /** One of the LOX24 SmsStatus values only. */
  status_code: number
  /** Taube extension: the finer reason behind status_code (see domain/message/lox24-status.ts). */
  status_reason: string
  callback_data: string | null
}

/**
 * `sms.incoming`: the incoming object (spec §9.1) without JSON-LD keys, plus the legacy `id` and
 * `phone` for messages to an inbound number (spec G-41).
 */
export type SmsIncomingData = {
  uuid: string
  to: string
  from: string
  received_at: number
  text: string
  msg_uuid: string | null
  id?: number
  phone?: string
}

/**
 * `link.clicked`: the clicks on an account's short links recorded in one batch (Taube addition,
 * decisions.md: short links), bots and link-preview fetchers among them with `bot` true.
 */
export type LinkClickedData = {
  clicks: {
    link_code: string
    campaign_code: string | null
    sms_uuid: string | null
    bulk_uuid: string | null
    phone: string | null
    date: number
    ip: string
    url: string
    country: string | null
    browser: string | null
    os: string | null
    hardware_type: string | null
    bot: boolean
  }[]
}

/**
 * `fraud-check.done`: the fraud-check object (spec §13.2) without JSON-LD keys (G-41), as its
 * tariff shows it; its full schema is services/fraud/fraud-check.schemas.ts.
 */
export type FraudCheckDoneData = {
  id: string
  status_code: number
  risk_score: number | null
  service_code: string
  callback_data: string | null
  [field: string]: unknown
}

/** What each event's `data` holds; undocumented payloads follow the spec's recommendations. */
export type EventData = {
  'sms.delivery': SmsDeliveryData
  'sms.delivery.dryrun': SmsDeliveryData
  'sms.incoming': SmsIncomingData
  'sms.email.parsing.success': { request: string; sms: string }
  'sms.email.parsing.fail': { field: string; description: string; request: string }
  'bulk.email.parsing.success': { request: string; bulk: string }
  'bulk.email.parsing.fail': { field: string; description: string; request: string }
  'fraud-check.done': FraudCheckDoneData
  'link.clicked': LinkClickedData
}

/** An event as its cause records it; the outbox adds id, targets and attempts. */
export type NewEvent<N extends EventName = EventName> = {
  accountId: number
  name: N
  data: EventData[N]
  /** What the event is about (an SMS uuid): events of one subject reach each target in order. */
  subject: string | null
  /** Unix seconds. */
  createdAt: number
  /** Fields for the legacy GET push, where the event has one (spec §17). */
  legacy?: Record<string, string | number | null>
  /** A legacy endpoint (URL or email) that replaces the account's for this event: an inbound number's own. */
  legacyTarget?: string | null
  /** An inbound SMS to forward to a Kannel receive port (events/transports/kannel-mo.ts). */
  kannelMo?: { url: string; from: string; to: string; text: string } | null
}

/** The envelope every transport sends (spec §16.2). */
export type EventEnvelope = {
  id: string
  api_version: typeof API_VERSION
  name: string
  created_at: number
  attempt_total: number
  attempt_number: number
  data: unknown
  notification_task_id: string
}
