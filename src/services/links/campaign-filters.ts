import type { FilterSpec } from '../../domain/query/filter-spec.js'
import type { CampaignFilterProperty } from '../../store/repositories/short-link-campaign.repository.js'

// The spec documents no list (§12.5, G-38): the filters are those of its other lists in the §4
// language. `type` matches the stored type (3 and 4 find the form campaigns). Newest first.
export const CAMPAIGN_FILTERS = {
  fields: {
    code: { kind: 'string', strategies: ['exact'] },
    name: { kind: 'string', strategies: ['partial'] },
    url: { kind: 'string', strategies: ['partial'] },
    type: { kind: 'integer', strategies: ['exact'] },
    group_id: { kind: 'integer', strategies: ['exact'] },
    created_at: { kind: 'integer', strategies: ['exact', 'range'], orderable: true },
  },
  defaultOrder: [{ field: 'created_at', direction: 'desc' }],
} as const satisfies FilterSpec<CampaignFilterProperty>
