// Short links in the messages the gateway sends (docs/decisions.md, "Links in messages"). A text
// names campaigns as `[link:CODE]`; with performance tracking every web address in it becomes a
// short link too: simple tracking one link per address for the whole send, extended tracking one
// per recipient (as a type-2 campaign's placeholder always is). A text is priced with stand-in
// codes of the real length, so characters, parts and price are those of the text as sent; the
// links are issued only when the message (or the recipient's message) is made.
import { validationError } from '../../errors/app-error.js'
import {
  asWritten,
  compileLinks,
  renderLinks,
  type LinkPiece,
  type LinkTemplate,
} from '../../domain/links/link-template.js'
import { findCampaign } from '../../store/repositories/short-link-campaign.repository.js'
import type { Db } from '../../store/database.js'
import { issueShortLinks, type IssueLinkOptions, type LinkDeps } from '../links/issue-links.js'
import { LINK_CODE_LENGTH } from '../links/link-code.js'
import { shortBaseOf, shortUrlOf, type ShortUrlSettings } from '../links/short-url.js'

export type LinkTracking = 'simple' | 'extended'

/** The account's live campaigns a text names: code → one link per recipient (type 2)? */
export type CampaignLinks = ReadonlyMap<string, { perRecipient: boolean }>

/** A text's links, checked against the account's campaigns. */
export type MessageLinks = {
  template: LinkTemplate
  campaigns: CampaignLinks
  tracking: LinkTracking | null
}

type LinkPieceOf = Exclude<LinkPiece, { text: string }>

/** Codes of the real length that lead nowhere: what a dryrun shows in place of links it would issue. */
export const STAND_IN_CODE = '0'.repeat(LINK_CODE_LENGTH)

/**
 * The campaigns `text` names, looked up once for a send. `strict`: a code that names no live
 * campaign of the account is refused (422 on `text`); otherwise such a code stays text.
 */
export async function campaignsOf(
  db: Db,
  accountId: number,
  text: string,
  strict: boolean,
): Promise<CampaignLinks> {
  const named = compileLinks(text, { trackUrls: false, ownBase: null }).campaigns
  const found = new Map<string, { perRecipient: boolean }>()
  const missing: string[] = []
  for (const code of named) {
    const c = await findCampaign(db, accountId, code)
    if (c) found.set(code, { perRecipient: Number(c.type) === 2 })
    else missing.push(code)
  }
  if (strict && missing.length > 0) {
    const list = missing.map((c) => `[link:${c}]`).join(', ')
    throw validationError([
      {
        propertyPath: 'text',
        message: `${list}: no short-link campaign of the account has this code`,
        code: 'SHORT_LINK_CAMPAIGN_NOT_FOUND',
      },
    ])
  }
  return found
}

/** The links of a text; null when it has none to make. */
export function linksOf(
  settings: ShortUrlSettings,
  text: string,
  campaigns: CampaignLinks,
  tracking: LinkTracking | null,
): MessageLinks | null {
  const template = compileLinks(text, {
    trackUrls: tracking !== null,
    ownBase: shortBaseOf(settings),
    isCampaign: (code) => campaigns.has(code),
  })
  return template.hasLinks ? { template, campaigns, tracking } : null
}

/** Whether a piece's link is one of the whole send (simple) rather than of one recipient. */
function shared(ml: MessageLinks, p: LinkPieceOf): boolean {
  if ('campaign' in p) return !ml.campaigns.get(p.campaign)!.perRecipient
  return ml.tracking === 'simple'
}

/**
 * The text with stand-in links: a campaign's own link where it is the same for everyone, a
 * stand-in code of the real length for every link still to be issued.
 */
export function draftText(settings: ShortUrlSettings, ml: MessageLinks): string {
  return renderLinks(ml.template, (p) =>
    'campaign' in p && shared(ml, p)
      ? shortUrlOf(settings, p.campaign)
      : shortUrlOf(settings, STAND_IN_CODE),
  )
}

/**
 * The links the whole send shares, made once (a bulk's): campaigns' own links and, with simple
 * tracking, one link per address. What is made per recipient stays as written.
 */
export async function issueSharedLinks(
  deps: LinkDeps,
  accountId: number,
  ml: MessageLinks,
  at: { bulkId?: string },
): Promise<string> {
  const [text] = await issue(deps, accountId, [{ ml, at, only: (p) => shared(ml, p) }])
  return text!
}

/** Every link of each message, issued in one statement; the texts as sent, in order. */
export async function issueMessageLinks(
  deps: LinkDeps,
  accountId: number,
  messages: readonly {
    ml: MessageLinks
    at: { smsId?: string; bulkId?: string; phone?: string }
  }[],
): Promise<string[]> {
  return issue(
    deps,
    accountId,
    messages.map((m) => ({ ...m, only: () => true })),
  )
}

async function issue(
  deps: LinkDeps,
  accountId: number,
  messages: readonly {
    ml: MessageLinks
    at: { smsId?: string; bulkId?: string; phone?: string }
    only: (p: LinkPieceOf) => boolean
  }[],
): Promise<string[]> {
  const asks: (IssueLinkOptions & { target: string | null })[] = []
  // Per message: the index of the link of each campaign or target (one link each per message).
  const slots = messages.map(({ ml, at, only }) => {
    const own = new Map<string, number>()
    for (const p of ml.template.pieces) {
      if ('text' in p || !only(p)) continue
      if ('campaign' in p && shared(ml, p)) continue // its own link, nothing to issue
      const key = 'campaign' in p ? `c:${p.campaign}` : `u:${p.target}`
      if (own.has(key)) continue
      own.set(key, asks.length)
      const perRecipient = !shared(ml, p)
      asks.push({
        target: 'campaign' in p ? null : p.target,
        ...('campaign' in p ? { campaign: p.campaign } : {}),
        ...(at.smsId === undefined ? {} : { smsId: at.smsId }),
        ...(at.bulkId === undefined ? {} : { bulkId: at.bulkId }),
        ...(perRecipient && at.phone !== undefined ? { phone: at.phone } : {}),
      })
    }
    return own
  })
  const issued = asks.length === 0 ? [] : await issueShortLinks(deps, accountId, asks)
  return messages.map(({ ml, only }, i) =>
    renderLinks(ml.template, (p) => {
      if (!only(p)) return asWritten(p)
      if ('campaign' in p && shared(ml, p)) return shortUrlOf(deps.settings, p.campaign)
      const key = 'campaign' in p ? `c:${p.campaign}` : `u:${p.target}`
      return issued[slots[i]!.get(key)!]!.shortUrl
    }),
  )
}
