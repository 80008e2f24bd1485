import type { BulkRow } from '../../store/tables/bulk.table.js'

/** The bulk as the API shows it (spec §8.0), money still in micro units. */
export type BulkRecord = {
  uuid: string
  delivery_at: number
  sender_id: string
  text: string
  phones: string[]
  msg_groups: number[]
  status_code: number
  msg_total_count: number
  created_at: number
  processed_at: number
  ip: string | null
  is_unicode: boolean | null
  is_dryrun: boolean
  service_code: string
  key_id: number | null
  source: number | null
  voice_lang: string | null
  is_text_deleted: boolean
  msg_total_cost_micro: number
}

export function bulkRecordFromRow(r: BulkRow): BulkRecord {
  return {
    uuid: r.uuid,
    delivery_at: Number(r.delivery_at),
    sender_id: r.sender_id,
    text: r.text,
    phones: JSON.parse(r.phones) as string[],
    msg_groups: JSON.parse(r.msg_groups) as number[],
    status_code: Number(r.status_code),
    msg_total_count: Number(r.msg_total_count),
    created_at: Number(r.created_at),
    processed_at: Number(r.processed_at),
    ip: r.ip,
    is_unicode: r.is_unicode === null ? null : r.is_unicode === 1,
    is_dryrun: r.is_dryrun === 1,
    service_code: r.service_code,
    key_id: r.key_id === null ? null : Number(r.key_id),
    source: r.source === null ? null : Number(r.source),
    voice_lang: r.voice_lang,
    is_text_deleted: r.is_text_deleted === 1,
    msg_total_cost_micro: Number(r.msg_total_cost_micro),
  }
}
