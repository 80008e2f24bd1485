import type { Generated, Selectable } from 'kysely'

export type GroupTable = {
  id: Generated<number>
  account_id: number
  name: string
  description: string | null
  name_a: string | null
  name_b: string | null
  name_c: string | null
  name_d: string | null
  name_e: string | null
  count_items: Generated<number>
  deleted_at: number | null // unix s
  created_at: number
  updated_at: number
}

export type PhoneTable = {
  id: Generated<number>
  account_id: number
  group_id: number
  phone: string
  iso2: string | null
  a: string | null
  b: string | null
  c: string | null
  d: string | null
  e: string | null
  callback_data: string | null
  subscribed_at: number | null
  unsubscribed_at: number | null
  unsubscribe_reason: number | null
  created_at: number
}

export type GroupRow = Selectable<GroupTable>
export type PhoneRow = Selectable<PhoneTable>
