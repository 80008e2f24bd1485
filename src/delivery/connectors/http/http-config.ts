import { Type, type Static } from '@sinclair/typebox'
import { RECEIPT_STATES } from '../../../domain/dlr/receipt-state.js'

const TEMPLATE_HELP =
  'Placeholders: {to} {to_digits} {from} {text} {id} {coding}; values are encoded for you'

/** Where the carrier's message id is in a 2xx answer; `none` = the carrier reports our sms id. */
export const HttpIdFrom = Type.Union([
  Type.Object({
    kind: Type.Literal('json'),
    path: Type.String({ minLength: 1, description: 'Dotted path, e.g. "messages.0.id"' }),
  }),
  Type.Object({
    kind: Type.Literal('regex'),
    pattern: Type.String({ minLength: 1, description: 'The first capture group is the id' }),
  }),
  Type.Object({ kind: Type.Literal('none') }),
])
export type HttpIdFrom = Static<typeof HttpIdFrom>

/** A carrier with an HTTP submit API, as the operator configures it (`/admin/connectors`). */
export const HttpConnectorConfig = Type.Object({
  url: Type.String({ pattern: '^https?://', description: `Submit URL template. ${TEMPLATE_HELP}` }),
  method: Type.Optional(
    Type.Union([Type.Literal('GET'), Type.Literal('POST')], { default: 'GET' }),
  ),
  body: Type.Optional(
    Type.Union([Type.Literal('form'), Type.Literal('json')], {
      default: 'form',
      description: 'POST only: how params are sent',
    }),
  ),
  params: Type.Record(Type.String({ minLength: 1 }), Type.String(), {
    description: `Parameter name → template; GET appends them to the query string. ${TEMPLATE_HELP}`,
  }),
  headers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 })),
  maxConcurrent: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
  throughputPerS: Type.Optional(
    Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
      default: null,
      description: 'Requests per second; null = as fast as maxConcurrent allows',
    }),
  ),
  idFrom: Type.Optional({ ...HttpIdFrom, default: { kind: 'none' } }),
  permanentStatuses: Type.Optional(
    Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), {
      description: 'HTTP statuses that fail a message for good; default every 4xx but 408 and 429',
    }),
  ),
  callbackToken: Type.String({
    minLength: 16,
    description:
      'The carrier sends it as `token` on DLR callbacks to /callbacks/http/{connectorId}',
  }),
  dlr: Type.Object({
    idParam: Type.String({ minLength: 1 }),
    statusParam: Type.String({ minLength: 1 }),
    errorParam: Type.Optional(Type.String({ minLength: 1 })),
    statusMap: Type.Record(Type.String(), Type.Union(RECEIPT_STATES.map((s) => Type.Literal(s))), {
      description: 'Carrier status → receipt state; statuses not listed count as UNKNOWN',
    }),
  }),
  mo: Type.Optional(
    Type.Object(
      {
        fromParam: Type.String({ minLength: 1 }),
        toParam: Type.String({ minLength: 1 }),
        textParam: Type.String({ minLength: 1 }),
      },
      {
        description:
          'Inbound SMS the carrier sends to /callbacks/http/{connectorId}/mo with `token`',
      },
    ),
  ),
})
export type HttpConnectorConfig = Static<typeof HttpConnectorConfig>

export type ResolvedHttpConfig = Required<
  Omit<HttpConnectorConfig, 'headers' | 'permanentStatuses' | 'mo'>
> & {
  mo: HttpConnectorConfig['mo'] | null
  headers: Record<string, string>
  isPermanent: (status: number) => boolean
}

/** The config with every default filled in, so the connector never looks at a missing field. */
export function resolveHttpConfig(c: HttpConnectorConfig): ResolvedHttpConfig {
  const permanent = c.permanentStatuses ? new Set(c.permanentStatuses) : null
  return {
    ...c,
    method: c.method ?? 'GET',
    body: c.body ?? 'form',
    headers: c.headers ?? {},
    timeoutMs: c.timeoutMs ?? 10_000,
    maxConcurrent: c.maxConcurrent ?? 20,
    throughputPerS: c.throughputPerS ?? null,
    idFrom: c.idFrom ?? { kind: 'none' },
    mo: c.mo ?? null,
    // 408 and 429 say "later", not "never": the default retries them like 5xx.
    isPermanent: permanent
      ? (s) => permanent.has(s)
      : (s) => s >= 400 && s < 500 && s !== 408 && s !== 429,
  }
}

/** What the schema cannot say: a regex must compile. Problems are `{ path, message }`. */
export function checkHttpConfig(config: HttpConnectorConfig): { path: string; message: string }[] {
  const idFrom = config.idFrom
  if (idFrom?.kind !== 'regex') return []
  try {
    new RegExp(idFrom.pattern)
    return []
  } catch (e) {
    return [
      {
        path: 'idFrom.pattern',
        message: `is not a valid regular expression: ${(e as Error).message}`,
      },
    ]
  }
}
