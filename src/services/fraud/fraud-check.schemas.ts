import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox'
import { FRAUD_SERVICE_CODES } from '../../domain/fraud/fraud-check.js'
import { MX_STATES } from '../../domain/fraud/email-signal.js'
import { PHONE_TYPES } from '../../domain/fraud/phone-signal.js'
import { REASONS, type ReasonCode } from '../../domain/fraud/reasons.js'

// The fraud-check request and object (spec §13.2, §13.4): one schema each, for validation, the
// OpenAPI document, the answers and the `fraud-check.done` event.

const nullable = <T extends TSchema>(t: T, description?: string) =>
  Type.Union([t, Type.Null()], description === undefined ? {} : { description })

const literals = <T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v as T[number])))

const addressText = (max: number, example: string) =>
  Type.Optional(nullable(Type.String({ maxLength: max, format: 'label', examples: [example] })))

/** The address object (G-40: the spec's recommended field names). */
export const FraudAddressBody = Type.Object(
  {
    country_code: Type.String({
      pattern: '^[A-Za-z]{2}$',
      description: 'ISO 3166-1 alpha-2',
      examples: ['DE'],
    }),
    city: addressText(100, 'Berlin'),
    postal_code: addressText(20, '10115'),
    street: addressText(100, 'Invalidenstraße'),
    house_number: addressText(20, '117'),
  },
  { additionalProperties: false },
)

export const CreateFraudCheckBody = Type.Object({
  service_code: literals(FRAUD_SERVICE_CODES),
  callback_data: Type.Optional(
    nullable(Type.String({ maxLength: 36, format: 'label', examples: ['order-4711'] })),
  ),
  phone: Type.Optional(
    nullable(
      Type.String({
        minLength: 4,
        maxLength: 16,
        pattern: '^\\+[1-9]\\d{1,14}$',
        description: 'E.164',
        examples: ['+491701234567'],
      }),
    ),
  ),
  email: Type.Optional(
    nullable(Type.String({ maxLength: 254, examples: ['anna.schmidt@example.de'] })),
  ),
  ip: Type.Optional(
    nullable(
      Type.String({
        maxLength: 45,
        description: 'IPv4 (dotted quad) or IPv6',
        examples: ['85.214.132.117'],
      }),
    ),
  ),
  address: Type.Optional(nullable(FraudAddressBody)),
})
export type CreateFraudCheckBody = Static<typeof CreateFraudCheckBody>

const Reason = Type.Object({
  code: literals(Object.keys(REASONS) as ReasonCode[]),
  weight: Type.Integer({ minimum: 0, maximum: 100, description: 'What this reason alone scores' }),
  text: Type.String(),
})

// Each part: the input as given, and (pro and direct, once scored) its results.
const detail = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: TOptional<T[K]>
  }

const partScore = {
  risk_score: Type.Integer({ minimum: 0, maximum: 100 }),
  reasons: Type.Array(Reason),
}

const RequestPhone = Type.Object({
  phone: Type.String(),
  ...detail({
    valid: Type.Boolean({ description: 'Assigned in its numbering plan' }),
    possible: Type.Boolean({ description: 'Of a length its country has' }),
    type: literals(PHONE_TYPES),
    region: nullable(Type.String(), 'ISO 3166-1 alpha-2'),
    country_calling_code: nullable(Type.String()),
    delivered_count: Type.Integer({ description: "This account's SMS delivered to the number" }),
    failed_count: Type.Integer({ description: "This account's SMS to the number that failed" }),
    opted_out: Type.Boolean({ description: 'Unsubscribed from a group of this account' }),
    ...partScore,
  }),
})

const RequestEmail = Type.Object({
  email: Type.String(),
  ...detail({
    valid_syntax: Type.Boolean(),
    domain: nullable(Type.String()),
    disposable: Type.Boolean(),
    role_account: Type.Boolean(),
    mx: literals(MX_STATES),
    ...partScore,
  }),
})

const RequestIp = Type.Object({
  ip: Type.String(),
  ...detail({
    version: Type.Union([Type.Literal(4), Type.Literal(6)]),
    range: Type.String({ description: 'unicast (public), private, loopback, reserved …' }),
    public: Type.Boolean(),
    country: nullable(Type.String()),
    region: nullable(Type.String()),
    city: nullable(Type.String()),
    postal_code: Type.Null({ description: 'Not in the offline database' }),
    latitude: nullable(Type.Number()),
    longitude: nullable(Type.Number()),
    timezone: nullable(Type.String()),
    isp: Type.Null({ description: 'No offline source (docs/fraud.md)' }),
    isp_risk_score: Type.Null(),
    proxy_type: Type.Null(),
    connection_type: Type.Null(),
    matches_phone_country: nullable(Type.Boolean()),
    ...partScore,
  }),
})

const RequestAddress = Type.Object({
  country_code: Type.String(),
  city: nullable(Type.String()),
  postal_code: nullable(Type.String()),
  street: nullable(Type.String()),
  house_number: nullable(Type.String()),
  ...detail({
    complete: Type.Boolean(),
    matches_ip_country: nullable(Type.Boolean()),
    matches_phone_country: nullable(Type.Boolean()),
    ...partScore,
  }),
})

/** The fraud-check object without JSON-LD keys: the API adds them, the event goes without. */
export const FraudCheckFields = {
  id: Type.String({ format: 'uuid' }),
  status_code: Type.Integer({ description: '0 pending, 100 done, 5000 failed' }),
  risk_score: nullable(
    Type.Integer({ minimum: 0, maximum: 100 }),
    '0 (low) to 100 (high); null while pending or when failed',
  ),
  service_code: literals(FRAUD_SERVICE_CODES),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
  callback_data: nullable(Type.String()),
  request_phone: nullable(RequestPhone),
  request_email: nullable(RequestEmail),
  request_ip: nullable(RequestIp),
  request_address: nullable(RequestAddress),
  reasons: Type.Optional(
    Type.Array(Reason, {
      description: 'pro and direct, once scored: every reason, heaviest first',
    }),
  ),
  price: Type.Number(),
}
export const FraudCheckObject = Type.Object(FraudCheckFields)
export type FraudCheck = Static<typeof FraudCheckObject>
