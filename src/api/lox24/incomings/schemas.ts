import { Type } from '@sinclair/typebox'
import type { Incoming } from '../../../services/incomings/incoming-model.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

/** The incoming object (spec §9.1). */
export const IncomingResource = Type.Object({
  ...JsonLdKeys,
  uuid: Type.String(),
  to: Type.String({
    description: 'The inbound number it was sent to; for replies, the sender of the SMS answered',
  }),
  from: Type.String({ description: 'The sender' }),
  received_at: Type.Integer({ description: 'Unix time it reached the gateway' }),
  text: Type.String(),
  msg_uuid: Type.Union([Type.String(), Type.Null()], {
    description: 'For replies: the uuid of the SMS answered',
  }),
})
export const IncomingCollection = collectionSchema(IncomingResource)

export function incomingResource(i: Incoming) {
  return { ...jsonLd('Incoming', `/incomings/${i.uuid}`), ...i }
}
