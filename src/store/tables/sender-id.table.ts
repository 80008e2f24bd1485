import type { Selectable } from 'kysely'

/** A sender id an account stored in one of its slots (1..6). */
export type SenderIdTable = {
  account_id: number
  slot: number
  sender_id: string
  created_at: number // unix s
  updated_at: number
}

export type SenderIdRow = Selectable<SenderIdTable>
