// The SMS as every layer sees it, described once: the store derives its columns from it
// (store/tables/sms.table.ts), the services hand it out (services/sms/sms-record.ts) and each
// API derives its resource from it (api/lox24/sms/schemas.ts).
import { Type, type Static } from '@sinclair/typebox'

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
  message_class: Type.Union([Type.Integer({ minimum: 0, maximum: 3 }), Type.Null()], {
    description: 'GSM message class; 0 is a flash SMS, null none',
  }),
  facade_id: Type.Union([Type.String(), Type.Null()], {
    description: 'The id of the message in the API it was sent through, where that API has its own',
  }),
  label: Type.Union([Type.String(), Type.Null()]),
})
export type SmsRecord = Static<typeof SmsRecordSchema>
