import type { Db } from '../../store/database.js'
import { resolveShortLink } from '../../store/repositories/short-link.repository.js'
import type { ShortLinkType } from '../../store/tables/short-link.table.js'
import { LINK_CODE_PATTERN } from './link-code.js'

/** What a click on a link is recorded with. */
export type ClickedLink = {
  code: string
  accountId: number
  campaignCode: string | null
  smsUuid: string | null
  bulkUuid: string | null
  phone: string | null
  type: ShortLinkType
}

/** Where a short link leads now. */
export type LinkAnswer =
  | { kind: 'redirect'; url: string; link: ClickedLink }
  /** A subscribe (3) or unsubscribe (4) campaign's link: its hosted form answers. */
  | { kind: 'form'; form: 'subscribe' | 'unsubscribe'; campaignCode: string; link: ClickedLink }
  /** Its campaign was deleted. */
  | { kind: 'gone' }
  | { kind: 'unknown' }

/** How long an answer is reused; a change in another process reaches this one within it. */
const TTL_MS = 5_000
/** Answers kept; a miss costs one indexed read, so the cache only spares the hottest links. */
const MAX_ENTRIES = 20_000

/**
 * Resolves codes to answers, each kept a few seconds: a link in a bulk of 100,000 is clicked in
 * bursts, and the redirect should not read the store for each. Changes made in this process
 * (campaign replaced or deleted) drop the campaign's answers at once.
 */
export class LinkResolver {
  private readonly cache = new Map<string, { at: number; answer: LinkAnswer }>()

  constructor(private readonly deps: { db: Db; nowMs: () => number }) {}

  async resolve(code: string): Promise<LinkAnswer> {
    if (!LINK_CODE_PATTERN.test(code)) return { kind: 'unknown' }
    const now = this.deps.nowMs()
    const hit = this.fresh(code, now)
    if (hit !== undefined) return hit
    const answer = await this.read(code)
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!)
    // Re-inserted, so that the oldest entry is the first in the map's order.
    this.cache.delete(code)
    this.cache.set(code, { at: now, answer })
    return answer
  }

  /** The answer held for a code, if it is still fresh; never reads the store. */
  peek(code: string): LinkAnswer | undefined {
    return this.fresh(code, this.deps.nowMs())
  }

  private fresh(code: string, now: number): LinkAnswer | undefined {
    const hit = this.cache.get(code)
    return hit !== undefined && now - hit.at < TTL_MS && now >= hit.at ? hit.answer : undefined
  }

  /** A campaign changed here: its links are read afresh. */
  forgetCampaign(campaignCode: string): void {
    for (const [code, { answer }] of this.cache) {
      if ('link' in answer && answer.link.campaignCode === campaignCode) {
        this.cache.delete(code)
      }
    }
  }

  private async read(code: string): Promise<LinkAnswer> {
    const row = await resolveShortLink(this.deps.db, code)
    if (row === undefined) return { kind: 'unknown' }
    const link: ClickedLink = {
      code: row.code,
      accountId: Number(row.account_id),
      campaignCode: row.campaign_code,
      smsUuid: row.sms_uuid,
      bulkUuid: row.bulk_uuid,
      phone: row.phone,
      type: Number(row.type) as ShortLinkType,
    }
    if (row.campaign_code !== null) {
      if (row.campaign_deleted_at !== null) return { kind: 'gone' }
      const type = Number(row.campaign_type)
      if (type === 3 || type === 4) {
        const form = type === 3 ? 'subscribe' : 'unsubscribe'
        return { kind: 'form', form, campaignCode: row.campaign_code, link }
      }
    }
    // A campaign's links follow its URL as it is now; a link of its own keeps the one it got.
    const url = row.campaign_url ?? row.url
    if (url === null) return { kind: 'unknown' }
    return { kind: 'redirect', url, link }
  }
}
