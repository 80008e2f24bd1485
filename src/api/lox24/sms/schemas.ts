import { Type } from '@sinclair/typebox'
import { fromMicro } from '../../../domain/pricing/money.js'
import type { SmsRecord } from '../../../services/sms/sms-record.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

/** The SMS object (spec §7.0): all 28 fields. */
export const SmsResource = Type.Object({
  ...JsonLdKeys,
  text: Type.String(),
  sender_id: Type.String(),
  phone: Type.String(),
  delivery_at: Type.Integer(),
  status_code: Type.Integer({ description: '0 new, 100 sent, 208 blocked, 410 cancelled, 2000 gateway error, 3000 no funds, 5000 system error' }),
  gateway_sent_at: Type.Integer(),
  source: NullableInteger,
  dlr_code: Type.Integer({ description: '0 none, 1 delivered, 2 queued, 4 submit ack, 8 expired, 16 rejected' }),
  ip: NullableString,
  created_at: Type.Integer(),
  is_unicode: Type.Boolean(),
  uuid: Type.String(),
  iso2: NullableString,
  voice_lang: NullableString,
  parts_count: Type.Integer(),
  chars_count: Type.Integer(),
  callback_data: NullableString,
  bulk_id: NullableString,
  key_id: NullableInteger,
  service_code: Type.String(),
  is_text_deleted: Type.Boolean(),
  price: Type.Number(),
  is_sent: Type.Boolean(),
  requests: Type.String(),
  clicks: Type.String(),
})

export const SmsCollection = collectionSchema(SmsResource)

export const BatchResult = Type.Object({
  deleted_sms_count: Type.Integer({ description: 'Number of SMS affected' }),
})

export function smsResource(r: SmsRecord) {
  const { price_micro, ...fields } = r
  return {
    ...jsonLd('sms', `/sms/${r.uuid}`),
    ...fields,
    price: fromMicro(price_micro),
    requests: `/sms/${r.uuid}/requests`,
    clicks: `/sms/${r.uuid}/clicks`,
  }
}
