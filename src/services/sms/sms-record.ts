import type { SmsRecord } from '../../shared/sms-record.schema.js'
import type { SmsRow } from '../../store/tables/sms.table.js'

export type { SmsRecord }

export function smsRecordFromRow(r: SmsRow): SmsRecord {
  return {
    uuid: r.uuid,
    text: r.text,
    sender_id: r.sender_id,
    phone: r.phone,
    delivery_at: Number(r.delivery_at),
    status_code: r.status_code,
    gateway_sent_at: Number(r.gateway_sent_at),
    source: r.source === null ? null : Number(r.source),
    dlr_code: r.dlr_code,
    ip: r.ip,
    created_at: Number(r.created_at),
    is_unicode: r.is_unicode === 1,
    iso2: r.iso2,
    voice_lang: r.voice_lang,
    parts_count: r.parts_count,
    chars_count: r.chars_count,
    callback_data: r.callback_data,
    bulk_id: r.bulk_id,
    key_id: r.key_id === null ? null : Number(r.key_id),
    service_code: r.service_code,
    is_text_deleted: r.is_text_deleted === 1,
    price_micro: Number(r.price_micro),
    is_sent: r.is_sent === 1,
    message_class: r.message_class === null ? null : Number(r.message_class),
    facade_id: r.facade_id,
    label: r.label,
  }
}
