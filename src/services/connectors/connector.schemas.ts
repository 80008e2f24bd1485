import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { AccountId } from '../accounts/account.schemas.js'
import { checkHttpConfig, HttpConnectorConfig } from '../../delivery/connectors/http/http-config.js'
import { SimulatorConfig } from '../../delivery/connectors/simulator/simulator-config.js'
import { SmppConnectorConfig } from '../../delivery/connectors/smpp/smpp-config.js'

/** Each connector kind and the schema its config must satisfy. */
export const CONNECTOR_CONFIG_SCHEMAS = {
  simulator: SimulatorConfig,
  smpp: SmppConnectorConfig,
  http: HttpConnectorConfig,
} as const satisfies Record<string, TSchema>

export type ConnectorKind = keyof typeof CONNECTOR_CONFIG_SCHEMAS

/** Checks beyond a kind's schema, run once its config passed the schema. */
export const CONNECTOR_CONFIG_CHECKS: Partial<
  Record<ConnectorKind, (config: never) => { path: string; message: string }[]>
> = {
  http: checkHttpConfig,
}

export const PutConnectorBody = Type.Object({
  kind: Type.Union(Object.keys(CONNECTOR_CONFIG_SCHEMAS).map((k) => Type.Literal(k))),
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
