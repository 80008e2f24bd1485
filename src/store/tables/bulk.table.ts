import type { ColumnType, Selectable } from 'kysely'

export type BulkTable = {
  uuid: string
  account_id: number
  key_id: number | null
  sender_id: string
  text: string
  phones: string // JSON array
  msg_groups: string // JSON array of group ids
  delivery_at: number
  status_code: number
  msg_total_count: number
  msg_total_cost_micro: number
  reserved_micro: number
  created_at: number
  processed_at: number
  ip: string | null
  is_unicode: number | null
  is_dryrun: number
  service_code: string
  source: number | null
  voice_lang: string | null
  is_text_deleted: number
  cursor_source: number
  cursor_id: number
  lease_owner: string | null
  lease_expires_at: number | null
  /** Short links for web addresses: 1 simple, 2 extended (per recipient), null off (migration 0024). */
  link_tracking: ColumnType<number | null, number | null | undefined, number | null>
}

export type BulkRow = Selectable<BulkTable>
