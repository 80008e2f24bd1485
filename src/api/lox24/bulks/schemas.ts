import { Type } from '@sinclair/typebox'
import { fromMicro } from '../../../domain/pricing/money.js'
import type { BulkRecord } from '../../../services/bulks/bulk-record.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

const ShortFields = {
  ...JsonLdKeys,
  uuid: Type.String(),
  delivery_at: Type.Integer(),
  status_code: Type.Integer({
    description: '0 new, 5 processing, 100 done, 410 cancelled, 3000 no funds, 5000 error',
  }),
  msg_total_count: Type.Integer({
    description: 'Recipients: estimated while new, then the SMS made',
  }),
  created_at: Type.Integer(),
  processed_at: Type.Integer(),
  ip: NullableString,
  is_unicode: Type.Union([Type.Boolean(), Type.Null()]),
  is_dryrun: Type.Boolean(),
  service_code: Type.String(),
  key_id: NullableInteger,
  source: NullableInteger,
  voice_lang: NullableString,
  is_text_deleted: Type.Boolean(),
  msg_total_cost: Type.Number({ description: 'Reserved while new, then the cost of the SMS made' }),
}

/** The bulk object (spec §8.0). */
export const BulkResource = Type.Object({
  ...ShortFields,
  sender_id: Type.String(),
  text: Type.String(),
  phones: Type.Array(Type.String()),
  msg_groups: Type.Array(Type.Integer()),
})
/** The short form of PUT /bulks/{id}/cancel and GET /bulks/{id}/status. */
export const BulkShortResource = Type.Object(ShortFields)
export const BulkCollection = collectionSchema(BulkResource)

export function bulkResource(b: BulkRecord) {
  const { msg_total_cost_micro, ...rest } = b
  return {
    ...jsonLd('Bulk', `/bulks/${b.uuid}`),
    ...rest,
    msg_total_cost: fromMicro(msg_total_cost_micro),
  }
}

export function bulkShortResource(b: BulkRecord) {
  const { sender_id: _s, text: _t, phones: _p, msg_groups: _g, ...short } = bulkResource(b)
  return short
}
