import { Type } from '@sinclair/typebox'
import { collectionSchema, jsonLd, JsonLdKeys } from '../../hydra.js'
import type { Campaign } from '../../../services/links/campaign-model.js'
import type { Click, ClickCount } from '../../../services/links/click-reports.js'

const NullableString = Type.Union([Type.String(), Type.Null()])

/** The campaign object of spec §12.1, with `short_url` and `form` added (G-38). */
export const CampaignResource = Type.Object({
  ...JsonLdKeys,
  id: Type.String({ description: 'The campaign code (id = code)' }),
  type: Type.Integer({
    enum: [1, 2],
    description:
      '1 simple tracking, 2 extended tracking (per recipient); subscribe and unsubscribe campaigns show 1, as the documented samples do, and are told apart by `form`',
  }),
  name: Type.String(),
  url: Type.String({ description: 'Target URL; for a form campaign, its form (= short_url)' }),
  created_at: Type.Integer(),
  group_id: Type.Union([Type.Integer(), Type.Null()]),
  short_url: Type.String({
    description: 'Taube addition: the short link of the campaign (TAUBE_SHORT_BASE_URL + code)',
  }),
  form: Type.Union([Type.Literal('subscribe'), Type.Literal('unsubscribe'), Type.Null()], {
    description:
      'Taube addition: the hosted form a subscribe (3) or unsubscribe (4) campaign shows',
  }),
})
export const CampaignCollection = collectionSchema(CampaignResource)

export function campaignResource(c: Campaign) {
  return { ...jsonLd('ShortLinkCampaign', `/short_link_campaigns/${c.id}`), ...c }
}

export const CodeParam = Type.Object({ code: Type.String({ maxLength: 64 }) })
export type CodeParam = { code: string }

/** A click-log entry (spec §12.7; fields per G-39's recommendation, `bot` added). */
export const ClickResource = Type.Object({
  ...JsonLdKeys,
  id: Type.Integer(),
  date: Type.Integer({ description: 'Unix time of the click' }),
  ip: Type.String(),
  url: Type.String({ description: 'Where the click was sent' }),
  user_agent: Type.String(),
  country: Type.Union([Type.String({ description: 'ISO 3166-1 alpha-2' }), Type.Null()]),
  referer: NullableString,
  type: Type.Integer({
    description:
      "The link's type: 1 simple, 2 extended (per recipient), 3 subscribe, 4 unsubscribe",
  }),
  browser: NullableString,
  os: NullableString,
  os_version: NullableString,
  software_type: Type.Union([Type.String({ examples: ['browser', 'bot'] }), Type.Null()]),
  hardware_type: Type.Union([
    Type.String({ examples: ['mobile', 'tablet', 'desktop', 'tv', 'bot'] }),
    Type.Null(),
  ]),
  sms_uuid: NullableString,
  bulk_uuid: NullableString,
  campaign_code: NullableString,
  phone: NullableString,
  bot: Type.Boolean({
    description:
      'Taube addition: a bot or link-preview fetcher (WhatsApp, Slack, iMessage …), not counted in requests_count',
  }),
})
export const ClickCollection = collectionSchema(ClickResource)

export function clickResource(c: Click) {
  return { ...jsonLd('requests', `/requests/${c.id}`), ...c }
}

/** The click count of one SMS (spec §12.9). */
export const ClickCountResource = Type.Object({
  ...JsonLdKeys,
  uuid: Type.String(),
  created_at: Type.Integer(),
  requests_count: Type.Integer({
    description: 'Clicks by people: bots and link-preview fetchers are not counted',
  }),
})
export const ClickCountCollection = collectionSchema(ClickCountResource)

export function clickCountResource(c: ClickCount, at: string) {
  return { ...jsonLd('clicks', at), ...c }
}
