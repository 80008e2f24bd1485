import type { FilterSpec } from '../query/filter-spec.js'

// Filters of GET /sms, /sms/ops/batch_cancel and /sms/ops/batch_delete (spec §7.1).
// Integer fields also take range operators, as the spec recommends for counts and times (G-14).
export const SMS_FILTERS = {
  fields: {
    uuid: { kind: 'uuid', strategies: ['exact'] },
    is_sent: { kind: 'boolean', strategies: ['boolean'] },
    is_unicode: { kind: 'boolean', strategies: ['boolean'] },
    iso2: { kind: 'string', strategies: ['exact'] },
    dlr_code: { kind: 'integer', strategies: ['exact'] },
    status_code: { kind: 'integer', strategies: ['exact'] },
    gateway_sent_at: { kind: 'integer', strategies: ['range'], orderable: true },
    delivery_at: { kind: 'integer', strategies: ['exact', 'range'] },
    created_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    chars_count: { kind: 'integer', strategies: ['range'] },
    parts_count: { kind: 'integer', strategies: ['range'] },
    bulk: { kind: 'uuid', strategies: ['exact'] },
    source: { kind: 'integer', strategies: ['range'] },
    text: { kind: 'string', strategies: ['partial'] },
    phone: { kind: 'string', strategies: ['partial'] },
    sender_id: { kind: 'string', strategies: ['partial'] },
    ip: { kind: 'string', strategies: ['partial'] },
    key_id: { kind: 'integer', strategies: ['exact'] },
    callback_data: { kind: 'string', strategies: ['exact'] },
    // Sorting by price is mentioned in the prose (spec §4, G-13); it is not a filter.
    price: { kind: 'integer', strategies: [], orderable: true },
  },
  aliases: { sent: 'is_sent', bulk_id: 'bulk' },
  defaultOrder: [{ field: 'created_at', direction: 'desc' }],
} as const satisfies FilterSpec

export type SmsFilterProperty = keyof typeof SMS_FILTERS.fields
