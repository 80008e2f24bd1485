// The messaggisms.com API's request and answer shapes: each validates, types and documents.
import { Type, type Static } from '@sinclair/typebox'
import { MESSAGGI_SCOPES } from '../../services/messaggi/scopes.js'
import { MAX_PER_REQUEST } from '../../services/messaggi/send-message.js'
import { MESSAGE_STATUSES, RECIPIENT_STATUSES } from '../../domain/messaggi/recipient-status.js'
import { Envelope } from './envelope.js'

const lit = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)))

const Number_ = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'The international prefix, a `-`, the number: `+39-3491234567`',
  examples: ['+39-3491234567'],
})
const FieldValue = Type.Union([
  Type.String({ maxLength: 500 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
])
const RecipientObject = Type.Object({
  number: Number_,
  fields: Type.Optional(
    Type.Record(Type.String({ minLength: 1, maxLength: 60 }), FieldValue, {
      maxProperties: 50,
      description: 'Values for the `{{name}}` placeholders of the body',
      examples: [{ name: 'simone', surname: 'rossi' }],
    }),
  ),
})
export const RecipientsField = Type.Union(
  [
    Number_,
    RecipientObject,
    Type.Array(Type.Union([Number_, RecipientObject]), { minItems: 1, maxItems: MAX_PER_REQUEST }),
  ],
  {
    description:
      'A number, a recipient `{number, fields}`, or a list of either. A number in any other ' +
      'form than `+<prefix>-<number>` is recorded as an invalid recipient of the message',
  },
)
export type RecipientsField = Static<typeof RecipientsField>

const TimestampSend = Type.Union(
  [Type.Integer({ minimum: 0, maximum: 4_102_444_800 }), Type.Null()],
  {
    description: 'When to send, unix seconds; null or a past time: at once',
  },
)

export const MessageBody = Type.Object({
  test: Type.Optional(
    Type.Boolean({ default: false, description: 'Price the message, send nothing' }),
  ),
  sender: Type.String({
    minLength: 3,
    maxLength: 14,
    description: '3-11 characters if alphanumeric, 3-14 digits if numeric',
    examples: ['alberto'],
  }),
  body: Type.String({
    minLength: 1,
    maxLength: 10_000,
    description: 'The text; `{{name}}` is filled from each recipient’s fields',
    examples: ['Hello {{name}}'],
  }),
  recipients: RecipientsField,
  priority: Type.Optional(
    Type.Number({
      minimum: 1,
      maximum: 99.99,
      default: 1,
      description:
        'From 1.00 (the default); a higher priority is dispatched before every lower one and ' +
        'costs more (TAUBE_MESSAGGI_PRIORITY_SURCHARGE percent per whole point)',
    }),
  ),
  options: Type.Optional(
    Type.Object({
      transaction: Type.Optional(
        Type.Boolean({
          description: 'Store the message without queueing it until a PUT with transaction false',
        }),
      ),
    }),
  ),
  timestamp_send: Type.Optional(TimestampSend),
})
export type MessageBody = Static<typeof MessageBody>

export const MessageChangeBody = Type.Object({
  recipients: Type.Optional(RecipientsField),
  transaction: Type.Optional(
    Type.Boolean({ description: 'false closes an open transaction and queues the message' }),
  ),
  options: Type.Optional(Type.Object({ transaction: Type.Optional(Type.Boolean()) })),
  timestamp_send: Type.Optional(TimestampSend),
})
export type MessageChangeBody = Static<typeof MessageChangeBody>

export const MessageIdParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 64,
    description: '24 hex digits',
    examples: ['5cf7cc139f272546624d3795'],
  }),
})
export const RecipientParams = Type.Object({
  id: MessageIdParams.properties.id,
  number: Type.String({ maxLength: 64, examples: ['+39-3491234567'] }),
})
export const ListQuery = Type.Object({
  page: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'From 1 (the default) to 99999' }),
  ),
  per_page: Type.Optional(
    Type.String({
      pattern: '^([1-9][0-9]?|100)$',
      description: 'Messages per page, 1-100 (default 50)',
    }),
  ),
})
export type ListQuery = Static<typeof ListQuery>

const Money = Type.Number({ description: 'In the account currency' })
const NullableInt = Type.Union([Type.Integer(), Type.Null()])

export const RecipientView = Type.Object({
  number: Type.String(),
  e164: Type.Union([Type.String(), Type.Null()]),
  fields: Type.Union([Type.Record(Type.String(), FieldValue), Type.Null()]),
  status: lit(RECIPIENT_STATUSES),
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'Why the recipient is invalid or was refused',
  }),
  sms_id: Type.Union([Type.String(), Type.Null()], {
    description: 'The message in the gateway (GET /sms/{uuid}); null until sent',
  }),
  price: Money,
  status_code: NullableInt,
  dlr_code: NullableInt,
  timestamp_sent: NullableInt,
  updated_at: NullableInt,
})

export const MessageView = Type.Object({
  id: Type.String({ examples: ['5cf7cc139f272546624d3795'] }),
  sender: Type.String(),
  body: Type.String(),
  priority: Type.Number(),
  test: Type.Boolean(),
  transaction: Type.Boolean(),
  timestamp_send: NullableInt,
  created_at: Type.Integer(),
  cancelled_at: NullableInt,
  status: lit(MESSAGE_STATUSES),
  price: Money,
  recipients_count: Type.Integer(),
  recipients: Type.Optional(Type.Array(RecipientView)),
})

export const TokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, examples: ['CRM'] }),
  expires_at: Type.Optional(
    Type.Union([
      Type.Integer({ minimum: 0, maximum: 4_102_444_800, description: 'Unix seconds' }),
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2})?(Z|[+-]\\d{2}:?\\d{2})?)?$',
        description: 'A date (midnight UTC) or a date and time (UTC unless an offset is given)',
        examples: ['2027-12-31'],
      }),
      Type.Null(),
    ]),
  ),
  scopes: Type.Array(lit(MESSAGGI_SCOPES), { minItems: 1, maxItems: 2 }),
})
export type TokenBody = Static<typeof TokenBody>

export const TokenView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(lit(MESSAGGI_SCOPES)),
  expires_at: NullableInt,
  created_at: Type.Integer(),
  hint: Type.String({ description: 'The first characters of the token' }),
})
export const NewTokenView = Type.Object({
  ...TokenView.properties,
  token: Type.String({ description: 'The bearer token; shown this once' }),
})
export const TokenIdParams = Type.Object({
  id: Type.String({ maxLength: 20, examples: ['1'] }),
})

export const MessagesAnswer = Envelope(Type.Array(MessageView))
export const MessageAnswer = Envelope(MessageView)
export const RecipientsAnswer = Envelope(Type.Array(RecipientView))
export const DeletedAnswer = Envelope(Type.Array(Type.String(), { maxItems: 0 }))
export const TokensAnswer = Envelope(Type.Array(TokenView))
export const NewTokenAnswer = Envelope(NewTokenView)
