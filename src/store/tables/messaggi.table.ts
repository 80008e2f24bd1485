import type { Generated, Insertable, Selectable } from 'kysely'

/** A bearer token of the messaggisms.com-compatible API; it acts with the API key `key_id`. */
export type MessaggiTokenTable = {
  id: Generated<number>
  account_id: number
  key_id: number
  name: string
  token_hash: string
  token_hint: string
  scopes: string // JSON array
  expires_at: number | null // unix s
  created_at: number // unix s
}

/** One message of the messaggisms.com API: one text to its recipients. */
export type MessaggiMessageTable = {
  id: string // 24 hex
  account_id: number
  key_id: number | null
  sender: string
  body: string
  priority: number // hundredths: 100 = 1.00
  is_test: number // 0/1: priced, nothing sent
  transaction_open: number // 0/1: stored, not queued
  timestamp_send: number | null // unix s
  cancelled_at: number | null // unix s
  created_at: number // unix s
}

/** One recipient of a message; once sent, the sms row with facade_id = message_id and its phone. */
export type MessaggiRecipientTable = {
  message_id: string
  position: number
  account_id: number
  number: string
  phone: string | null
  fields: string | null // JSON object
  problem: string | null
  price_micro: number
}

export type MessaggiTokenRow = Selectable<MessaggiTokenTable>
export type MessaggiMessageRow = Selectable<MessaggiMessageTable>
export type MessaggiRecipientRow = Selectable<MessaggiRecipientTable>
export type NewMessaggiRecipient = Insertable<MessaggiRecipientTable>
