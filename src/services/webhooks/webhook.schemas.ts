import { Type, type Static } from '@sinclair/typebox'
import { EVENT_NAMES } from '../../events/event-types.js'

const EventNames = Type.Array(
  Type.String({ description: `One of: ${EVENT_NAMES.join(', ')}`, examples: ['sms.delivery'] }),
  {
    maxItems: EVENT_NAMES.length,
    description: 'Events sent to the URI; empty or absent: every event',
  },
)
const Uri = Type.String({
  minLength: 3,
  maxLength: 2048,
  format: 'label',
  description: 'An http(s) URL (JSON by POST) or an email address (JSON as the mail body)',
  examples: ['https://shop.example.com/hooks/sms'],
})
const NotifyEmail = Type.Union(
  [Type.String({ minLength: 3, maxLength: 320, examples: ['ops@shop.example.com'] }), Type.Null()],
  {
    description:
      "Where notices go when the webhook fails or is switched off; null: the account's email webhooks",
  },
)
const Secret = Type.String({
  format: 'label',
  description:
    'Signing secret in Standard Webhooks form, whsec_<base64 of 24..64 bytes>; generated when absent',
  examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
})

export const CreateWebhookBody = Type.Object({
  uri: Uri,
  events: Type.Optional(EventNames),
  secret: Type.Optional(Secret),
  is_active: Type.Optional(Type.Boolean({ default: true })),
  notify_email: Type.Optional(NotifyEmail),
})
export type CreateWebhookBody = Static<typeof CreateWebhookBody>

export const UpdateWebhookBody = Type.Object({
  uri: Type.Optional(Uri),
  events: Type.Optional(EventNames),
  secret: Type.Optional(Secret),
  is_active: Type.Optional(
    Type.Boolean({ description: 'true switches a webhook the gateway switched off on again' }),
  ),
  notify_email: Type.Optional(NotifyEmail),
})
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>

export const ReplayFailedBody = Type.Object({
  since: Type.Integer({
    minimum: 0,
    maximum: 253_402_300_799,
    description: 'Unix s: deliveries given up at or after this time are sent again',
  }),
  until: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 253_402_300_799,
      description: 'Unix s: and at or before this time; default now',
    }),
  ),
})
export type ReplayFailedBody = Static<typeof ReplayFailedBody>
