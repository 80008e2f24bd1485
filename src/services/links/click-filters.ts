import type { FilterSpec } from '../../domain/query/filter-spec.js'
import type {
  ClickFilterProperty,
  SmsClicksFilterProperty,
} from '../../store/repositories/link-click.repository.js'

/** The click-log filters of spec §12.6, shared by the three `requests` endpoints; oldest first. */
export const CLICK_FILTERS = {
  fields: {
    date: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    ip: { kind: 'string', strategies: ['partial'] },
    url: { kind: 'string', strategies: ['partial'] },
    user_agent: { kind: 'string', strategies: ['partial'] },
    country: { kind: 'string', strategies: ['exact'] },
    referer: { kind: 'string', strategies: ['partial'] },
    type: { kind: 'integer', strategies: ['exact'] },
    browser: { kind: 'string', strategies: ['partial'] },
    os: { kind: 'string', strategies: ['partial'] },
    os_version: { kind: 'string', strategies: ['partial'] },
    software_type: { kind: 'string', strategies: ['partial'] },
    hardware_type: { kind: 'string', strategies: ['partial'] },
  },
  defaultOrder: [{ field: 'date', direction: 'asc' }],
} as const satisfies FilterSpec<ClickFilterProperty>

/** GET /sms/clicks (spec §12.8). */
export const SMS_CLICKS_FILTERS = {
  fields: {
    created_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    requests_count: { kind: 'integer', strategies: ['exact', 'range'] },
  },
  defaultOrder: [{ field: 'created_at', direction: 'asc' }],
} as const satisfies FilterSpec<SmsClicksFilterProperty>
