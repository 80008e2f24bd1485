// A message text's links (docs/decisions.md, "Links in messages"): `[link:CODE]` stands for the
// short link of the account's campaign CODE, in the bracket style of the bulk placeholders
// (spec §8.9); with performance tracking every web address in the text is replaced by a short
// link too. The text is compiled once and rendered per message (or per recipient).
import { findUrls, targetOf } from './find-urls.js'

export type LinkPiece =
  | { text: string }
  /** `[link:CODE]`: the campaign's short link. */
  | { campaign: string }
  /** An address of the text, tracked: `target` is where its short link leads. */
  | { url: string; target: string }

export type LinkTemplate = {
  pieces: readonly LinkPiece[]
  /** Campaign codes named, each once, in order. */
  campaigns: readonly string[]
  /** Targets of tracked addresses, each once, in order. */
  targets: readonly string[]
  hasLinks: boolean
}

/** "link" in any case; a code is letters, digits, `_` and `-`, as the gateway makes them. */
export const LINK_PLACEHOLDER = /\[link:([A-Za-z0-9_-]{1,32})\]/gi

export function compileLinks(
  text: string,
  opts: {
    trackUrls: boolean
    ownBase: string | null
    /** Which codes are campaigns; others stay text. Default: every code. */
    isCampaign?: (code: string) => boolean
  },
): LinkTemplate {
  const pieces: LinkPiece[] = []
  const literal = (s: string) => {
    if (s === '') return
    if (!opts.trackUrls) return pieces.push({ text: s })
    let last = 0
    for (const u of findUrls(s)) {
      if (isOwn(u.url, opts.ownBase)) continue
      if (u.start > last) pieces.push({ text: s.slice(last, u.start) })
      pieces.push({ url: u.url, target: targetOf(u.url) })
      last = u.end
    }
    if (last < s.length) pieces.push({ text: s.slice(last) })
  }
  let last = 0
  for (const m of text.matchAll(LINK_PLACEHOLDER)) {
    if (opts.isCampaign && !opts.isCampaign(m[1]!)) continue
    literal(text.slice(last, m.index))
    pieces.push({ campaign: m[1]! })
    last = m.index + m[0].length
  }
  literal(text.slice(last))
  const campaigns = unique(pieces.flatMap((p) => ('campaign' in p ? [p.campaign] : [])))
  const targets = unique(pieces.flatMap((p) => ('target' in p ? [p.target] : [])))
  return { pieces, campaigns, targets, hasLinks: campaigns.length + targets.length > 0 }
}

/** A link piece as the text had it. */
export function asWritten(p: Exclude<LinkPiece, { text: string }>): string {
  return 'campaign' in p ? `[link:${p.campaign}]` : p.url
}

/** The text with each link piece replaced by what `linkFor` gives it. */
export function renderLinks(
  t: LinkTemplate,
  linkFor: (piece: Exclude<LinkPiece, { text: string }>) => string,
): string {
  let out = ''
  for (const p of t.pieces) out += 'text' in p ? p.text : linkFor(p)
  return out
}

/** A link on the gateway's own short domain is a short link already: it is left alone. */
function isOwn(url: string, ownBase: string | null): boolean {
  if (ownBase === null) return false
  const base = ownBase.replace(/\/+$/, '').toLowerCase()
  const u = url.toLowerCase()
  return u === base || u.startsWith(`${base}/`)
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)]
}
