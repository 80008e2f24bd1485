import { MESSAGE_STATES } from '../../../domain/message/status.js'
import { Type } from '@sinclair/typebox'
import { fromMicro } from '../../../domain/pricing/money.js'
import { SmsRecordSchema, type SmsRecord } from '../../../shared/sms-record.schema.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'
import { SmsAttemptSchema, type SmsAttempt } from '../../../services/sms/sms-attempts.js'
import {
  LOX24_SMS_STATUS_CODES,
  STATUS_REASONS,
  lox24Status,
} from '../../../domain/message/lox24-status.js'

/** The SMS object (spec §7.0): all 28 fields, derived from the service's record. */
export const SmsResource = Type.Object({
  ...JsonLdKeys,
  ...Type.Omit(SmsRecordSchema, [
    'price_micro',
    'status_code',
    'message_class',
    'facade_id',
    'label',
  ]).properties,
  status_code: Type.Integer({
    enum: [...LOX24_SMS_STATUS_CODES],
    description:
      '0 new, 100 sent, 208 blocked, 410 cancelled, 2000 gateway error, 3000 no funds, 5000 system error; only these values (the LOX24 SmsStatus enum)',
  }),
  status_reason: Type.String({
    enum: [...STATUS_REASONS],
    description:
      'Taube extension, not in LOX24: the finer reason behind status_code (e.g. no_route under 2000)',
  }),
  price: Type.Number(),
  requests: Type.String({
    description: 'Link to the click log of the short links in the text (GET /sms/{uuid}/requests)',
  }),
  clicks: Type.String({
    description:
      'Link to the click count of the SMS (GET /sms/{uuid}/clicks; 0 without a short link)',
  }),
})

export const SmsCollection = collectionSchema(SmsResource)

export const BatchResult = Type.Object({
  deleted_sms_count: Type.Integer({ description: 'Number of SMS affected' }),
})

/** Written out field by field: an object rest/spread here cost 7% of an accepted SMS. */
export function smsResource(r: SmsRecord) {
  const status = lox24Status(r.status_code)
  return {
    '@context': '/contexts/sms',
    '@id': `/sms/${r.uuid}`,
    '@type': 'sms',
    text: r.text,
    sender_id: r.sender_id,
    phone: r.phone,
    delivery_at: r.delivery_at,
    status_code: status.status_code,
    status_reason: status.status_reason,
    gateway_sent_at: r.gateway_sent_at,
    source: r.source,
    dlr_code: r.dlr_code,
    ip: r.ip,
    created_at: r.created_at,
    is_unicode: r.is_unicode,
    uuid: r.uuid,
    iso2: r.iso2,
    voice_lang: r.voice_lang,
    parts_count: r.parts_count,
    chars_count: r.chars_count,
    callback_data: r.callback_data,
    bulk_id: r.bulk_id,
    key_id: r.key_id,
    service_code: r.service_code,
    is_text_deleted: r.is_text_deleted,
    price: fromMicro(r.price_micro),
    is_sent: r.is_sent,
    requests: `/sms/${r.uuid}/requests`,
    clicks: `/sms/${r.uuid}/clicks`,
  }
}

// The click log and count an SMS object links to (spec §12.7, §12.9): the shapes of all click reports.
export {
  ClickCollection as ClickLogCollection,
  ClickCountResource,
} from '../short-link-campaigns/schemas.js'

/** GET /sms/{uuid}/attempts: its event notification attempts, one page of them. */
export const SmsAttemptResource = Type.Object({ ...JsonLdKeys, ...SmsAttemptSchema.properties })
export const SmsAttemptCollection = collectionSchema(SmsAttemptResource)

export function smsAttemptResource(uuid: string, a: SmsAttempt) {
  return { ...jsonLd('SmsAttempt', `/sms/${uuid}/attempts/${a.id}`), ...a }
}

export const SmsReceiptsResource = Type.Object({
  ...JsonLdKeys,
  uuid: Type.String(),
  receipts: Type.Array(
    Type.Object({
      status: Type.Union(
        MESSAGE_STATES.map((st) => Type.Literal(st)),
        {
          description: "The message's state after the receipt",
        },
      ),
      status_code: Type.Integer(),
      dlr_code: Type.Integer({
        description: '0 none, 1 delivered, 2 queued, 4 submit ack, 8 expired, 16 rejected',
      }),
      error: Type.Union([Type.String(), Type.Null()], {
        description: "The carrier's error code in the receipt (`err:`), if it sent one",
        examples: ['011'],
      }),
      received_at: Type.Integer({ description: 'Unix seconds' }),
    }),
    { description: 'Oldest first; at most 100' },
  ),
})
