import type { ShortLinkCampaignRow } from '../../store/tables/short-link.table.js'
import { shortUrlOf, type ShortUrlSettings } from './short-url.js'

/** The campaign object of spec §12.1, with the additive `short_url` and `form`. */
export type Campaign = {
  /** The code: `id` = `code` (G-38). */
  id: string
  /** As documented samples show the form campaigns: 1 for them too; `form` tells them apart. */
  type: 1 | 2
  name: string
  url: string
  created_at: number
  group_id: number | null
  short_url: string
  form: 'subscribe' | 'unsubscribe' | null
}

export function campaignFromRow(settings: ShortUrlSettings, r: ShortLinkCampaignRow): Campaign {
  const type = Number(r.type)
  const shortUrl = shortUrlOf(settings, r.code)
  return {
    id: r.code,
    type: type === 2 ? 2 : 1,
    name: r.name,
    // A form campaign's link leads to its form: that is where it sends people.
    url: r.url ?? shortUrl,
    created_at: Number(r.created_at),
    group_id: r.group_id === null ? null : Number(r.group_id),
    short_url: shortUrl,
    form: type === 3 ? 'subscribe' : type === 4 ? 'unsubscribe' : null,
  }
}
