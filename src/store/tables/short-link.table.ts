import type { Generated, Insertable, Selectable } from 'kysely'

/** 1 simple tracking, 2 extended (per recipient), 3 subscribe form, 4 unsubscribe form. */
export type ShortLinkType = 1 | 2 | 3 | 4

/** A short-link campaign of an account (`/short_link_campaigns`, migration 0023). */
export type ShortLinkCampaignTable = {
  code: string
  account_id: number
  type: ShortLinkType
  name: string
  /** The target; null for the form campaigns (types 3, 4), whose link leads to the form. */
  url: string | null
  group_id: number | null
  created_at: number // unix s
  updated_at: number // unix s
  /** unix s; from then on the campaign is gone and its links answer so. */
  deleted_at: number | null
}

/** One short link the gateway handed out, under a code of its own. */
export type ShortLinkTable = {
  code: string
  account_id: number
  /** null: a link of its own, as performance tracking issues them. */
  campaign_code: string | null
  type: ShortLinkType
  /** The target at issue time; null for a form campaign's link. */
  url: string | null
  sms_uuid: string | null
  bulk_uuid: string | null
  phone: string | null
  created_at: number // unix s
}

/** One request of a short link, written in batches behind the redirect. */
export type LinkClickTable = {
  id: Generated<number>
  account_id: number
  link_code: string
  campaign_code: string | null
  sms_uuid: string | null
  bulk_uuid: string | null
  phone: string | null
  date: number // unix s
  ip: string
  /** Where the click was sent. */
  url: string
  user_agent: string
  referer: string
  /** ISO 3166-1 alpha-2; null when unknown (private and loopback addresses among them). */
  country: string | null
  type: ShortLinkType
  browser: string
  os: string
  os_version: string
  software_type: string
  hardware_type: string
  /** 1: a bot or a link-preview fetcher, not counted as a human click. */
  bot: number
}

export type ShortLinkCampaignRow = Selectable<ShortLinkCampaignTable>
export type ShortLinkRow = Selectable<ShortLinkTable>
export type LinkClickRow = Selectable<LinkClickTable>
export type NewLinkClick = Insertable<LinkClickTable>
