import { Type } from '@sinclair/typebox'
import type { FilterSpec } from '../../../domain/query/filter-spec.js'
import { SenderNumber } from '../../../services/senders/sender-number.schemas.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

export const SenderNumberResource = Type.Object({ ...JsonLdKeys, ...SenderNumber.properties })
export const SenderNumberCollection = collectionSchema(SenderNumberResource)

/** The list takes no filters: an account has a handful of numbers. */
export const SENDER_NUMBER_FILTERS = { fields: {}, defaultOrder: [] } as const satisfies FilterSpec

export function senderNumberResource(n: SenderNumber) {
  return { ...jsonLd('SenderNumber', `/sender-numbers/${n.id}`), ...n }
}
