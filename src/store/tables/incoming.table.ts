import type { Generated, Selectable } from 'kysely'

export type InboundNumberTable = {
  id: Generated<number>
  number: string // E.164
  account_id: number
  endpoint: string | null // URL or email for this number's legacy push; replaces the account's
  kannel_mo_url?: string | null // a Kannel receive URL (system-type kannel) this number's SMS go to
  created_at: number // unix s
  updated_at: number
}

export type IncomingTable = {
  id: Generated<number> // the legacy push id
  uuid: string
  account_id: number | null // null: unrouted
  inbound_number_id: number | null
  connector_id: string | null
  from_addr: string
  to_addr: string
  text: string
  msg_uuid: string | null // the SMS this replies to
  received_at: number // unix ms
}

/** One concatenated inbound message whose parts are still arriving. */
export type MoConcatTable = {
  concat_key: string
  connector_id: string
  from_addr: string
  to_addr: string
  total: number
  received: number
  first_at: number // unix ms
}

export type MoPartTable = {
  concat_key: string
  seq: number
  data_coding: number
  body: string // hex
}

export type InboundNumberRow = Selectable<InboundNumberTable>
export type IncomingRow = Selectable<IncomingTable>
