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

export function webhookResource(w: Webhook) {
  return { ...jsonLd('Webhook', `/webhooks/${w.id}`), ...w }
}

export function attemptResource(webhookId: number, a: WebhookAttempt) {
  return { ...jsonLd('WebhookAttempt', `/webhooks/${webhookId}/attempts/${a.id}`), ...a }
}
