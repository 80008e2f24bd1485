import { Type, type Static } from '@sinclair/typebox'
import { AccountId } from '../accounts/account.schemas.js'
import { CONNECTOR_KINDS } from '../../delivery/connectors/kinds.js'

export const PutConnectorBody = Type.Object({
  kind: Type.Union(Object.keys(CONNECTOR_KINDS).map((k) => Type.Literal(k))),
  config: Type.Object({}, { additionalProperties: true, description: "The kind's settings" }),
  enabled: Type.Optional(Type.Boolean({ default: true })),
})
export type PutConnectorBody = Static<typeof PutConnectorBody>

export const ConnectorIdPattern = '^[a-z0-9][a-z0-9_-]{0,62}$'

export const CreateRouteBody = Type.Object({
  account_id: Type.Optional(Type.Union([AccountId, Type.Null()])),
  prefix: Type.Optional(
    Type.Union([Type.String({ pattern: '^\\+?\\d{1,15}$', examples: ['+49151'] }), Type.Null()]),
  ),
  iso2: Type.Optional(
    Type.Union([Type.String({ pattern: '^[A-Z]{2}$', examples: ['DE'] }), Type.Null()]),
  ),
  service_code: Type.Optional(
    Type.Union([Type.String({ minLength: 1, examples: ['direct'] }), Type.Null()]),
  ),
  connector_ids: Type.Array(
    Type.String({ pattern: ConnectorIdPattern, examples: ['telekom-smpp'] }),
    { minItems: 1, maxItems: 20 },
  ),
})
export type CreateRouteBody = Static<typeof CreateRouteBody>
