import type { FilterSpec } from '../query/filter-spec.js'

// Filters of GET /bulks (spec §8.1): newest first unless `_order[...]` says otherwise.
export const BULK_FILTERS = {
  fields: {
    text: { kind: 'string', strategies: ['partial'] },
    sender_id: { kind: 'string', strategies: ['partial'] },
    status_code: { kind: 'integer', strategies: ['exact'] },
    created_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    delivery_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    processed_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    msg_total_count: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    source: { kind: 'integer', strategies: ['exact', 'range'] },
    key_id: { kind: 'integer', strategies: ['exact'] },
    is_unicode: { kind: 'boolean', strategies: ['boolean', 'exists'] },
    is_dryrun: { kind: 'boolean', strategies: ['boolean'] },
  },
  defaultOrder: [{ field: 'created_at', direction: 'desc' }],
} as const satisfies FilterSpec

export type BulkFilterProperty = keyof typeof BULK_FILTERS.fields
