import type { FilterSpec } from '../query/filter-spec.js'

// Filters of GET /webhooks/{id}/attempts: newest first by default.
export const ATTEMPT_FILTERS = {
  fields: {
    event_id: { kind: 'uuid', strategies: ['exact'] },
    event_name: { kind: 'string', strategies: ['exact'] },
    ok: { kind: 'boolean', strategies: ['boolean'] },
    attempted_at: { kind: 'integer', strategies: ['range'], orderable: true },
  },
  defaultOrder: [{ field: 'attempted_at', direction: 'desc' }],
} as const satisfies FilterSpec

export type AttemptFilterProperty = keyof typeof ATTEMPT_FILTERS.fields

// GET /webhooks takes no filters: an account has at most five.
export const WEBHOOK_FILTERS = { fields: {}, defaultOrder: [] } as const satisfies FilterSpec

// Filters of GET /sms/{uuid}/attempts: oldest first by default, as the message's history reads.
export const SMS_ATTEMPT_FILTERS = {
  fields: {
    event_name: { kind: 'string', strategies: ['exact'] },
    ok: { kind: 'boolean', strategies: ['boolean'] },
    attempted_at: { kind: 'integer', strategies: ['range'], orderable: true },
  },
  defaultOrder: [{ field: 'attempted_at', direction: 'asc' }],
} as const satisfies FilterSpec

export type SmsAttemptFilterProperty = keyof typeof SMS_ATTEMPT_FILTERS.fields
