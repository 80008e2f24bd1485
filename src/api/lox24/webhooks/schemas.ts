import { Type } from '@sinclair/typebox'
import type { WebhookAttempt } from '../../../services/webhooks/webhook-attempts.js'
import type { Webhook } from '../../../services/webhooks/manage-webhooks.js'
import { JsonLdKeys, collectionSchema, jsonLd } from '../../hydra.js'

export const WebhookResource = Type.Object({
  ...JsonLdKeys,
  id: Type.Integer(),
  uri: Type.String(),
  events: Type.Array(Type.String(), { description: 'Empty: every event' }),
  is_active: Type.Boolean(),
  secret: Type.String({ description: 'Verifies the webhook-signature header (Standard Webhooks)' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
  notify_email: Type.Union([Type.String(), Type.Null()], {
    description: "Where notices go when it fails; null: the account's email webhooks",
  }),
  failing_since: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Unix time of the first event given up since its last delivery; null: not failing',
  }),
  failed_events: Type.Integer({ description: 'Events given up since its last delivery' }),
  disabled_at: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'Unix time the gateway switched it off; null while on or when switched off by hand',
  }),
  disabled_reason: Type.Union([Type.Literal('failing'), Type.Null()], {
    description: 'failing: no delivery for the period set by TAUBE_WEBHOOK_DISABLE_AFTER_S',
  }),
})
export const WebhookCollection = collectionSchema(WebhookResource)

export const AttemptResource = Type.Object({
  ...JsonLdKeys,
  id: Type.Integer(),
  event_id: Type.String(),
  event_name: Type.String(),
  attempt_number: Type.Integer(),
  attempt_total: Type.Integer(),
  attempted_at: Type.Integer({ description: 'Unix time the attempt started' }),
  ok: Type.Boolean({ description: 'Delivered: a 2xx answer, or the mail relay took it' }),
  http_status: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Timeout, connection error, …' }),
  latency_ms: Type.Integer(),
})
export const AttemptCollection = collectionSchema(AttemptResource)

export const ReplayResult = Type.Object({
  event_id: Type.String(),
  notification_task_id: Type.String(),
})

export const ReplayFailedResult = Type.Object({
  requeued: Type.Integer({ description: 'Events queued again, in the order they happened' }),
  since: Type.Integer(),
  until: Type.Integer(),
})

export function webhookResource(w: Webhook) {
  return { ...jsonLd('Webhook', `/webhooks/${w.id}`), ...w }
}

export function attemptResource(webhookId: number, a: WebhookAttempt) {
  return { ...jsonLd('WebhookAttempt', `/webhooks/${webhookId}/attempts/${a.id}`), ...a }
}
