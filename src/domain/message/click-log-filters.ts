import type { FilterSpec } from '../query/filter-spec.js'

// Filters of the click logs ("requests", spec §12.6), shared by the three `requests` endpoints.
export const CLICK_LOG_FILTERS = {
  fields: {
    ip: { kind: 'string', strategies: ['partial'] },
    url: { kind: 'string', strategies: ['partial'] },
    user_agent: { kind: 'string', strategies: ['partial'] },
    country: { kind: 'string', strategies: ['exact'] },
    referer: { kind: 'string', strategies: ['partial'] },
    date: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    type: { kind: 'integer', strategies: ['exact'] },
    browser: { kind: 'string', strategies: ['partial'] },
    os: { kind: 'string', strategies: ['partial'] },
    os_version: { kind: 'string', strategies: ['partial'] },
    software_type: { kind: 'string', strategies: ['partial'] },
    hardware_type: { kind: 'string', strategies: ['partial'] },
  },
  defaultOrder: [{ field: 'date', direction: 'asc' }],
} as const satisfies FilterSpec
