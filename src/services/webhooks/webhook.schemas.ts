import { Type, type Static } from '@sinclair/typebox'
import { EVENT_NAMES } from '../../events/event-types.js'

const EventNames = Type.Array(
  Type.String({ description: `One of: ${EVENT_NAMES.join(', ')}` }),
  { maxItems: EVENT_NAMES.length, description: 'Events sent to the URI; empty or absent: every event' },
)
const Uri = Type.String({
  minLength: 3,
  maxLength: 2048,
  format: 'label',
  description: 'An http(s) URL (JSON by POST) or an email address (JSON as the mail body)',
})
const Secret = Type.String({
  format: 'label',
  description: 'Signing secret in Standard Webhooks form, whsec_<base64 of 24..64 bytes>; generated when absent',
})

export const CreateWebhookBody = Type.Object(
  {
    uri: Uri,
    events: Type.Optional(EventNames),
    secret: Type.Optional(Secret),
    is_active: Type.Optional(Type.Boolean({ default: true })),
  },
)
export type CreateWebhookBody = Static<typeof CreateWebhookBody>

export const UpdateWebhookBody = Type.Object(
  {
    uri: Type.Optional(Uri),
    events: Type.Optional(EventNames),
    secret: Type.Optional(Secret),
    is_active: Type.Optional(Type.Boolean()),
  },
)
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>
