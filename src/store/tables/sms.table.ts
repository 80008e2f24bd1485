import type { Selectable } from 'kysely'
import type { MessageState } from '../../domain/message/status.js'
import type { SmsRecord } from '../../shared/sms-record.schema.js'

/** A record's fields as columns: booleans as 0/1, which both SQLite and PostgreSQL store alike. */
type Columns<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] }

/**
 * One row per recipient: the SMS record's fields (delivery_at 0 = immediately; created_at ties
 * ordered by uuid, v7 and time-ordered), and what the store and the delivery engine keep besides.
 */
export type SmsTable = Columns<SmsRecord> & {
  account_id: number
  state: MessageState
  // delivery engine
  due_at: number // unix ms when the message may be claimed
  priority: number // lower is sooner
  attempts: number
  lease_owner: string | null
  lease_expires_at: number | null
  connector_id: string | null
  carrier_message_id: string | null
  status_detail: string | null
  updated_at: number
  valid_until: number | null // unix ms; past it the message is not sent but expires
  route_id: number | null
  is_binary: number // 1: `text` is 8-bit data as hex (data_coding 4)
  udh: string | null // hex, binary messages only
  in_doubt_until: number | null // unix ms; see migration 0009
}

export type SmsRow = Selectable<SmsTable>

export type IdempotencyKeyTable = {
  account_id: number
  idem_key: string
  request_hash: string
  response_status: number
  response_body: string
  created_at: number
}
