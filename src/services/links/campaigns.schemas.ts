import { Type, type Static } from '@sinclair/typebox'
import type { TextFormat } from '../../domain/text/unsafe-characters.js'
import { GroupId } from '../groups/groups.schemas.js'

// The bodies of the campaign endpoints (spec §12.2–§12.4, G-38).

export const CAMPAIGN_NAME_MAX = 100
/** Longer targets do not fit a browser's address bar reliably (2,048 is the common floor). */
export const CAMPAIGN_URL_MAX = 2048

/** 1 simple tracking, 2 extended (per recipient), 3 subscribe form, 4 unsubscribe form. */
export const CAMPAIGN_TYPES = [1, 2, 3, 4] as const

const name = Type.String({
  format: 'label' satisfies TextFormat,
  minLength: 1,
  maxLength: CAMPAIGN_NAME_MAX,
  examples: ['Spring sale'],
  description: 'Campaign name',
})
const groupId = Type.Union([GroupId, Type.Null()], {
  description: 'A group of the account',
})

export const CampaignBody = Type.Object(
  {
    type: Type.Union(
      CAMPAIGN_TYPES.map((t) => Type.Literal(t)),
      {
        description:
          '1 simple tracking (clicks per link), 2 extended tracking (per recipient), 3 subscribe form, 4 unsubscribe form',
      },
    ),
    name,
    url: Type.Optional(
      Type.Union([
        Type.String({
          format: 'label' satisfies TextFormat,
          maxLength: CAMPAIGN_URL_MAX,
          examples: ['https://shop.example.com/spring'],
          description: 'Target URL (http or https); required for types 1 and 2',
        }),
        Type.Null(),
      ]),
    ),
    group_id: Type.Optional(groupId),
  },
  { additionalProperties: false },
)
export type CampaignBody = Static<typeof CampaignBody>

/** POST /short_link_campaigns/subscribe and /unsubscribe. */
export const FormCampaignBody = Type.Object(
  { name, group_id: groupId },
  { additionalProperties: false },
)
export type FormCampaignBody = Static<typeof FormCampaignBody>
