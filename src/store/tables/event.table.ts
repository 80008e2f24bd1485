import type { Generated, Selectable } from 'kysely'

export type WebhookTable = {
  id: Generated<number>
  account_id: number
  uri: string // http(s) URL or email address
  events: string // JSON array of event names; [] = every event
  secret: string // whsec_…, signs the calls (Standard Webhooks)
  is_active: number
  created_at: number
  updated_at: number
  failing_since: number | null // unix ms of the first event given up since the last delivery
  failed_count: Generated<number> // events given up since the last delivery
  notified_at: number | null // unix ms the account was last told the webhook is failing
  disabled_at: number | null // unix s it was switched off for failing
  disabled_reason: string | null // 'failing'
  notify_email: string | null // where failure notices go
}

// 'replayed': a failed delivery sent again as a new one (POST /webhooks/{id}/replay).
export type DeliveryState = 'pending' | 'delivering' | 'delivered' | 'failed' | 'replayed'
export type EventTransport =
  'http' | 'email' | 'legacy_get' | 'legacy_email' | 'kannel_dlr' | 'seven_hook'

/** The outbox: one row per event and target. */
export type EventDeliveryTable = {
  id: Generated<number>
  event_id: string
  account_id: number
  name: string
  data: string // JSON
  created_at: number // unix s, when the event happened
  subject: string | null // the ordering key: an SMS uuid, or `replay:<webhook id>`
  sms_uuid: string | null // the SMS the event is about, kept through replays (migration 0030)
  target_key: string // 'webhook:<id>' | 'push:<account>'; ordering is per target and subject
  webhook_id: number | null
  transport: EventTransport
  target: string
  task_id: string
  attempt_total: number
  attempts: Generated<number>
  state: DeliveryState
  due_at: number // unix ms
  lease_owner: string | null
  lease_expires_at: number | null
  updated_at: number // unix ms
}

export type EventAttemptTable = {
  id: Generated<number>
  delivery_id: number
  account_id: number
  webhook_id: number | null
  event_id: string
  event_name: string
  attempt_number: number
  attempt_total: number
  attempted_at: number // unix s
  ok: number
  http_status: number | null
  error: string | null
  latency_ms: number
}

export type WebhookRow = Selectable<WebhookTable>
export type EventDeliveryRow = Selectable<EventDeliveryTable>
export type EventAttemptRow = Selectable<EventAttemptTable>
