import type { Generated, Selectable } from 'kysely'

export type ConnectorTable = {
  id: string
  kind: 'smpp' | 'http' | 'simulator' | 'voice-simulator' | 'http-voice'
  config: string // JSON, validated by the connector kind's schema
  enabled: number
  created_at: number
  updated_at: number
}

export type RouteTable = {
  id: Generated<number>
  account_id: number | null // null = every account
  prefix: string | null // E.164 digits without '+'
  iso2: string | null
  service_code: string | null
  connector_ids: string // JSON array, in failover order
  created_at: number
}

export type SmsPartTable = {
  connector_id: string
  carrier_id: string
  sms_uuid: string
  part: number
  parts_total: number
  receipt_state: string | null
  updated_at: number
}

export type PendingReceiptTable = {
  connector_id: string
  carrier_id: string
  receipt_state: string
  error: string | null
  received_at: number
  // What the receipt repeats of its message, to settle one left in doubt by a crash.
  handset: string | null
  text: string | null
}

export type ConnectorRow = Selectable<ConnectorTable>

/** A batch of messages a dispatcher may have put on the wire (migration 0015). */
export type WireJournalTable = {
  worker_id: string
  seq: number
  entries: string // JSON array of [uuid, attempt]
  created_at: number
}
