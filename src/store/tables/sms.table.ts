import type { Selectable } from 'kysely'
import type { MessageState } from '../../domain/message/status.js'

/** One row per recipient. Column names follow the API fields where one exists. */
export type SmsTable = {
  uuid: string
  account_id: number
  key_id: number | null
  bulk_id: string | null
  phone: string
  iso2: string | null
  sender_id: string
  text: string
  is_unicode: number
  chars_count: number
  parts_count: number
  service_code: string
  voice_lang: string | null
  callback_data: string | null
  source: number | null
  delivery_at: number // unix s, 0 = immediately
  created_at: number // unix s; ties are ordered by uuid (v7, time-ordered)
  ip: string | null
  is_text_deleted: number
  price_micro: number
  state: MessageState
  status_code: number
  dlr_code: number
  is_sent: number
  gateway_sent_at: number
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
