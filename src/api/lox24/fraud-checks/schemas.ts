import { Type } from '@sinclair/typebox'
import type { FraudCheck } from '../../../services/fraud/fraud-check.schemas.js'
import { FraudCheckFields } from '../../../services/fraud/fraud-check.schemas.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

/** The fraud-check object (spec §13.2) with its JSON-LD keys. */
export const FraudCheckResource = Type.Object({ ...JsonLdKeys, ...FraudCheckFields })
export const FraudCheckCollection = collectionSchema(FraudCheckResource)

export function fraudCheckResource(c: FraudCheck) {
  return { ...jsonLd('FraudCheck', `/fraud-checks/${c.id}`), ...c }
}
