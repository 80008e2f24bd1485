import { appError } from '../../errors/app-error.js'
import { unixSeconds, type Clock } from '../../shared/clock.js'
import type { Db } from '../../store/database.js'
import { findCampaign } from '../../store/repositories/short-link-campaign.repository.js'
import { insertShortLinks } from '../../store/repositories/short-link.repository.js'
import type { ShortLinkTable, ShortLinkType } from '../../store/tables/short-link.table.js'
import { newLinkCode } from './link-code.js'
import { shortUrlOf, type ShortUrlSettings } from './short-url.js'

export type LinkDeps = { db: Db; clock: Clock; settings: ShortUrlSettings }

/** What a short link is issued for. */
export type IssueLinkOptions = {
  /** A live campaign of the account: the link leads where the campaign does. */
  campaign?: string
  smsId?: string
  bulkId?: string
  /** The recipient, for extended tracking (per recipient). */
  phone?: string
}

export type IssuedLink = { code: string; shortUrl: string }

/** Draws of fresh codes before giving up; one collision is already a 1-in-1e10 event. */
const MAX_DRAWS = 5

/**
 * Issues one short link of the account to `target` (or, with a campaign and no target, to the
 * campaign's URL). Runs in the caller's transaction when `deps.db` is one.
 */
export async function issueShortLink(
  deps: LinkDeps,
  accountId: number,
  target: string | null,
  opts: IssueLinkOptions = {},
): Promise<IssuedLink> {
  const [link] = await issueShortLinks(deps, accountId, [{ target, ...opts }])
  return link!
}

/** Many links in one statement (a bulk's recipients); the result is in the order asked. */
export async function issueShortLinks(
  deps: LinkDeps,
  accountId: number,
  links: readonly (IssueLinkOptions & { target: string | null })[],
): Promise<IssuedLink[]> {
  const nowS = unixSeconds(deps.clock)
  const campaigns = new Map<string, { type: ShortLinkType; url: string | null }>()
  for (const code of new Set(
    links.flatMap((l) => (l.campaign === undefined ? [] : [l.campaign])),
  )) {
    const c = await findCampaign(deps.db, accountId, code)
    if (!c) throw appError('SHORT_LINK_CAMPAIGN_NOT_FOUND', { id: code })
    campaigns.set(code, { type: Number(c.type) as ShortLinkType, url: c.url })
  }
  const rows: ShortLinkTable[] = links.map((l) => {
    const campaign = l.campaign === undefined ? undefined : campaigns.get(l.campaign)
    const url = l.target ?? campaign?.url ?? null
    if (url === null && (campaign === undefined || campaign.type < 3)) {
      throw new Error('A short link needs a target or a campaign with one')
    }
    return {
      code: '',
      account_id: accountId,
      campaign_code: l.campaign ?? null,
      type: campaign?.type ?? (l.phone === undefined ? 1 : 2),
      url,
      sms_uuid: l.smsId ?? null,
      bulk_uuid: l.bulkId ?? null,
      phone: l.phone ?? null,
      created_at: nowS,
    }
  })
  await insertWithFreshCodes(deps.db, rows)
  return rows.map((r) => ({ code: r.code, shortUrl: shortUrlOf(deps.settings, r.code) }))
}

/**
 * Inserts the rows under fresh codes, drawing again for any code already taken; the rows are
 * updated with the codes they got (and with what `withCode` derives from a code).
 */
export async function insertWithFreshCodes(
  db: Db,
  rows: ShortLinkTable[],
  withCode: (code: string) => Partial<ShortLinkTable> = () => ({}),
): Promise<void> {
  let pending = rows
  for (let draw = 0; pending.length > 0; draw++) {
    if (draw === MAX_DRAWS) throw new Error('No free short-link code after repeated draws')
    for (const r of pending) {
      r.code = newLinkCode()
      Object.assign(r, withCode(r.code))
    }
    const inserted = await insertShortLinks(db, pending)
    pending = pending.filter((r) => !inserted.has(r.code))
  }
}
