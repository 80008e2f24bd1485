import { CLICK_LOG_FILTERS } from '../../domain/message/click-log-filters.js'
import type { FilterSpec } from '../../domain/query/filter-spec.js'
import type {
  ClickFilterProperty,
  SmsClicksFilterProperty,
} from '../../store/repositories/link-click.repository.js'

/** The click-log filters of spec §12.6, shared by the three `requests` endpoints; oldest first. */
export const CLICK_FILTERS = CLICK_LOG_FILTERS satisfies FilterSpec<ClickFilterProperty>

/** GET /sms/clicks (spec §12.8). */
export const SMS_CLICKS_FILTERS = {
  fields: {
    created_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
    requests_count: { kind: 'integer', strategies: ['exact', 'range'] },
  },
  defaultOrder: [{ field: 'created_at', direction: 'asc' }],
} as const satisfies FilterSpec<SmsClicksFilterProperty>
