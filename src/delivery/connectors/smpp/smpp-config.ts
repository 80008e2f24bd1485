import { Type, type Static } from '@sinclair/typebox'

const int = (min: number, max: number, dflt: number, description: string) =>
  Type.Optional(Type.Integer({ minimum: min, maximum: max, default: dflt, description }))

/** An SMPP 3.4 carrier link, as the operator configures it (`/admin/connectors`). */
export const SmppConnectorConfig = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  tls: Type.Optional(Type.Boolean({ default: false, description: 'SMPP over TLS (ssmpp://)' })),
  tlsRejectUnauthorized: Type.Optional(
    Type.Boolean({
      default: true,
      description: 'Verify the SMSC certificate; false only for tests',
    }),
  ),
  systemId: Type.String({ minLength: 1, maxLength: 15 }),
  password: Type.String({
    maxLength: 32,
    description: 'SMPP 3.4 allows 8 characters; some SMSCs more',
  }),
  systemType: Type.Optional(Type.String({ maxLength: 12, default: '' })),
  bindMode: Type.Optional(
    Type.Union([Type.Literal('transceiver'), Type.Literal('tx+rx')], {
      default: 'transceiver',
      description: 'One transceiver bind per session, or a transmitter and a receiver bind',
    }),
  ),
  sessions: int(1, 32, 1, 'Parallel sessions (binds) to the SMSC'),
  window: int(1, 1000, 10, 'Outstanding submit_sm per session'),
  throughputPerS: Type.Optional(
    Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
      default: null,
      description: 'Submits per second over all sessions; null = as fast as the window allows',
    }),
  ),
  enquireLinkS: int(1, 3600, 30, 'enquire_link interval'),
  reconnectMinMs: int(10, 600_000, 1000, 'First reconnect delay; doubles up to reconnectMaxMs'),
  reconnectMaxMs: int(10, 3_600_000, 30_000, 'Longest reconnect delay'),
  throttleBackoffMs: int(10, 60_000, 1000, 'Pause after ESME_RTHROTTLED / ESME_RMSGQFUL'),
  requestTimeoutMs: int(100, 120_000, 10_000, 'How long to wait for any *_resp'),
  registeredDelivery: Type.Optional(
    Type.Boolean({ default: true, description: 'Ask for receipts' }),
  ),
  validityS: Type.Optional(
    Type.Integer({ minimum: 60, maximum: 30 * 24 * 3600, description: 'Relative validity period' }),
  ),
  longMessages: Type.Optional(
    Type.Union([Type.Literal('udh'), Type.Literal('payload')], {
      default: 'udh',
      description: 'Concatenated parts with a UDH, or one submit_sm with message_payload',
    }),
  ),
  sourceTon: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 6, description: 'Overrides the automatic choice' }),
  ),
  sourceNpi: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 18, description: 'Overrides the automatic choice' }),
  ),
})
export type SmppConnectorConfig = Static<typeof SmppConnectorConfig>

export type ResolvedSmppConfig = Required<
  Omit<SmppConnectorConfig, 'validityS' | 'sourceTon' | 'sourceNpi'>
> &
  Pick<SmppConnectorConfig, 'validityS' | 'sourceTon' | 'sourceNpi'>

/** The config with every default filled in (what Value.Default would do, without TypeBox). */
export function resolveSmppConfig(config: SmppConnectorConfig): ResolvedSmppConfig {
  const resolved: ResolvedSmppConfig = {
    tls: false,
    tlsRejectUnauthorized: true,
    systemType: '',
    bindMode: 'transceiver',
    sessions: 1,
    window: 10,
    throughputPerS: null,
    enquireLinkS: 30,
    reconnectMinMs: 1000,
    reconnectMaxMs: 30_000,
    throttleBackoffMs: 1000,
    requestTimeoutMs: 10_000,
    registeredDelivery: true,
    longMessages: 'udh',
    ...stripUndefined(config),
  }
  if (resolved.reconnectMaxMs < resolved.reconnectMinMs)
    resolved.reconnectMaxMs = resolved.reconnectMinMs
  return resolved
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
