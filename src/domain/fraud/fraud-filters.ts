import type { FilterSpec } from '../query/filter-spec.js'

// Filters of GET /fraud-checks (spec §13.3): newest first unless `_order[created_at]` says
// otherwise. `callback_data` is exact (the doc's "one-time" read as "exact", G-40).
export const FRAUD_CHECK_FILTERS = {
  fields: {
    id: { kind: 'uuid', strategies: ['exact'] },
    callback_data: { kind: 'string', strategies: ['exact'] },
    'request_phone.phone': { kind: 'string', strategies: ['partial'] },
    'request_email.email': { kind: 'string', strategies: ['partial'] },
    'request_ip.ip': { kind: 'string', strategies: ['partial'] },
    status_code: { kind: 'integer', strategies: ['exact'] },
    created_at: { kind: 'integer', strategies: [], orderable: true },
  },
  defaultOrder: [{ field: 'created_at', direction: 'desc' }],
} as const satisfies FilterSpec

export type FraudCheckFilterProperty = keyof typeof FRAUD_CHECK_FILTERS.fields
