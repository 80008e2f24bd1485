import type { FilterSpec } from '../query/filter-spec.js'

// Filters of GET /incomings (spec §9.2): newest first unless `_order[received_at]` says otherwise.
export const INCOMING_FILTERS = {
  fields: {
    text: { kind: 'string', strategies: ['partial'] },
    from: { kind: 'string', strategies: ['partial'] },
    to: { kind: 'string', strategies: ['partial'] },
    msg_uuid: { kind: 'uuid', strategies: ['exact'] },
    received_at: { kind: 'integer', strategies: [], orderable: true },
  },
  defaultOrder: [{ field: 'received_at', direction: 'desc' }],
} as const satisfies FilterSpec

export type IncomingFilterProperty = keyof typeof INCOMING_FILTERS.fields
