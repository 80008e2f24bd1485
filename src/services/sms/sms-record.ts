import { Type, type Static } from '@sinclair/typebox'
import type { SmsRow } from '../../store/tables/sms.table.js'

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

/**
 * One SMS as the services hand it out: the one description of its fields, from which each API
 * derives its resource (the LOX24 SMS object adds its JSON-LD keys, shows the price as a decimal
 * and the status code in its own enum). Money in micro units; times in unix seconds.
 */
export const SmsRecordSchema = Type.Object({
  uuid: Type.String(),
  text: Type.String({
    examples: ['Your table for 2 is booked for Friday at 19:30. See you soon!'],
  }),
  sender_id: Type.String({ examples: ['Trattoria'] }),
  phone: Type.String({ description: 'E.164', examples: ['+4915123456789'] }),
  delivery_at: Type.Integer(),
  status_code: Type.Integer(),
  gateway_sent_at: Type.Integer(),
  source: NullableInteger,
  dlr_code: Type.Integer({
    description: '0 none, 1 delivered, 2 queued, 4 submit ack, 8 expired, 16 rejected',
  }),
  ip: NullableString,
  created_at: Type.Integer(),
  is_unicode: Type.Boolean(),
  iso2: NullableString,
  voice_lang: NullableString,
  parts_count: Type.Integer(),
  chars_count: Type.Integer(),
  callback_data: NullableString,
  bulk_id: NullableString,
  key_id: NullableInteger,
  service_code: Type.String(),
  is_text_deleted: Type.Boolean(),
  price_micro: Type.Integer(),
  is_sent: Type.Boolean(),
})
export type SmsRecord = Static<typeof SmsRecordSchema>

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
  }
}
