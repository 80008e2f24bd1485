// The shapes of the Pushwoosh API for the OpenAPI document. Requests are read field by field in
// request.ts and notification.ts (each wrong field gets Pushwoosh's argument error naming it),
// so these schemas document rather than validate.
import { Type, type TSchema } from '@sinclair/typebox'

const Credentials = {
  application: Type.String({ description: 'The application code', examples: ['A1B2C-D3E4F'] }),
  auth: Type.Optional(
    Type.String({
      description:
        "The application's API access token; or send it as the header `Authorization: Token …`",
      examples: ['k3v9x2m4q8w1e7r5t6y0u2i4o6p8a1s3'],
    }),
  ),
}

/** `{"request": {application, auth, …fields}}`. */
export function envelope(fields: Record<string, TSchema>, description: string) {
  return Type.Object(
    { request: Type.Object({ ...Credentials, ...fields }, { additionalProperties: true }) },
    { description, additionalProperties: true },
  )
}

export const Notification = Type.Object(
  {
    send_date: Type.String({
      description: '`now`, or `YYYY-MM-DD HH:mm` on the wall clock of `timezone`',
      examples: ['now', '2026-12-24 18:30'],
    }),
    timezone: Type.Optional(
      Type.String({
        description: 'The IANA time zone of send_date; default UTC',
        examples: ['Europe/Berlin'],
      }),
    ),
    content: Type.Optional(
      Type.String({
        description: "The SMS text; absent: the preset's. `{name|Modifier|default}` placeholders",
        examples: ['Hello {firstname|CapitalizeFirst|there}!'],
      }),
    ),
    devices: Type.Array(Type.String({ examples: ['+491701234567'] }), {
      description: 'Exactly one phone number (E.164), registered to the application',
      minItems: 1,
      maxItems: 1,
    }),
    use_auto_registration: Type.Optional(
      Type.Boolean({ description: 'true: register the number now if it is not' }),
    ),
    dynamic_content_placeholders: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description: 'Values of the placeholders in the content',
        examples: [{ firstname: 'ann' }],
      }),
    ),
    preset: Type.Optional(
      Type.String({ description: 'A preset code of the application', examples: ['P1Q2R-S3T4U'] }),
    ),
  },
  { additionalProperties: true },
)

/** Every answer: `status_code` 200 with `status_message` OK, or an error and its reason. */
export function answer(response: TSchema, description: string) {
  return Type.Object(
    {
      status_code: Type.Integer({
        description:
          '200 OK; 210 argument error (the message names the field and why); 400 malformed JSON; 429 too many failed authentications',
      }),
      status_message: Type.String(),
      response,
    },
    { description },
  )
}

/** A refusal at the HTTP edge, in Pushwoosh's shape. */
export const PushwooshErrorBody = Type.Object({
  status_code: Type.Integer(),
  status_message: Type.String(),
  response: Type.Union([Type.Object({ Messages: Type.Array(Type.String()) }), Type.Null()]),
})

export const MessagesResponse = Type.Union([
  Type.Object({
    Messages: Type.Array(Type.String({ examples: ['7A3F-0B10ECB6-0D9F214D'] }), {
      description: 'The code of each message sent, in the order of the notifications',
    }),
  }),
  Type.Null(),
])

const Counters = {
  timestamp: Type.String({ description: 'Start of the interval, YYYY-MM-DD HH:mm:ss' }),
  platform: Type.Integer({ description: '18 (SMS)' }),
  sent: Type.Integer({ description: 'Messages a carrier took' }),
  delivered: Type.Integer({ description: 'Messages the handset confirmed' }),
  failed: Type.Integer({ description: 'Messages refused, rejected or expired' }),
}

export const TotalsResponse = Type.Union([
  Type.Object({
    scale: Type.String(),
    timezone: Type.String(),
    metrics: Type.Array(Type.Object(Counters)),
  }),
  Type.Null(),
])

export const MessageDetailsResponse = Type.Union([
  Type.Object({
    message: Type.Object({
      code: Type.String(),
      created: Type.String({ description: 'YYYY-MM-DD HH:mm:ss, UTC' }),
      send_date: Type.String({ description: 'YYYY-MM-DD HH:mm:ss, UTC' }),
      status: Type.String({ description: 'pending, processing, done or canceled' }),
      content: Type.String(),
      platforms: Type.Array(Type.Integer()),
      device: Type.String(),
      delivery: Type.Object({
        state: Type.String({
          description:
            'scheduled, queued, submitting, sent, delivered, expired, rejected, failed or cancelled',
        }),
        status_code: Type.Integer({ description: 'As the LOX24 API shows it' }),
        dlr_code: Type.Integer({ description: 'As the LOX24 API shows it; 1 delivered' }),
        parts: Type.Integer(),
        price: Type.Number(),
      }),
    }),
  }),
  Type.Null(),
])
