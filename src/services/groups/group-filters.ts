import type { FilterSpec } from '../../domain/query/filter-spec.js'
import type { GroupFilterProperty } from '../../store/repositories/group.repository.js'
import type { PhoneFilterProperty } from '../../store/repositories/phone.repository.js'

// The spec documents only `page` for both lists (§10.2, §11.2); a name / number search and the
// order by id are additions in the §4 language. Groups list newest first (spec G-13); phones in
// the order they were added, as the CSV export and bulks read them.

export const GROUP_FILTERS = {
  fields: {
    id: { kind: 'integer', strategies: [], orderable: true },
    name: { kind: 'string', strategies: ['partial'] },
  },
  defaultOrder: [{ field: 'id', direction: 'desc' }],
} as const satisfies FilterSpec<GroupFilterProperty>

export const PHONE_FILTERS = {
  fields: {
    id: { kind: 'integer', strategies: [], orderable: true },
    phone: { kind: 'string', strategies: ['partial'] },
    callback_data: { kind: 'string', strategies: ['exact'] },
  },
  defaultOrder: [{ field: 'id', direction: 'asc' }],
} as const satisfies FilterSpec<PhoneFilterProperty>
