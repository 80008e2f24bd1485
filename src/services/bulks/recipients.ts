import { analyzeText } from '../../domain/encoding/segments.js'
import { escapeXml, isSsml } from '../../domain/voice/ssml.js'
import { countVoiceText } from '../../domain/voice/voice-count.js'
import { messagePrice } from '../../domain/pricing/price-list.js'
import {
  isListSource,
  nextSource,
  resumeAt,
  type Cursor,
} from '../../domain/bulk/recipient-rule.js'
import {
  compileListTemplate,
  compileTemplate,
  leadingText,
  personalise,
  type ColumnNames,
  type ColumnValues,
  type Template,
} from '../../domain/placeholders.js'
import { phonesPage } from '../../store/repositories/phone.repository.js'
import type { GroupRow, PhoneRow } from '../../store/tables/group.table.js'
import type { ServiceDeps } from '../deps.js'
import { unitPrice } from '../pricing/price-lists.js'
import {
  draftText,
  linksOf,
  type CampaignLinks,
  type LinkTracking,
  type MessageLinks,
} from '../message-links/message-links.js'

export type { Cursor }

/** One recipient of a bulk, from its own phone list or a group. */
export type Recipient = {
  phone: string
  iso2: string | null
  callbackData: string | null
  values: ColumnValues
}

/** What a bulk's messages share: account, service, encoding, and the links its text makes. */
export type RecipientShape = {
  accountId: number
  serviceCode: string
  isUnicode: boolean | null
  links?: { campaigns: CampaignLinks; tracking: LinkTracking | null } | null
}

/** A recipient's SMS as the bulk makes it: personalised text, encoding, parts and price. */
export type RecipientMessage = {
  /** With links to issue: stand-in codes, which `links` replaces (same length). */
  text: string
  links?: MessageLinks | null
  isUnicode: boolean
  charsCount: number
  partsCount: number
  priceMicro: number
}

/**
 * Where a bulk's recipients come from, walked in the order of domain/bulk/recipient-rule.ts:
 * each group (sources 1…G, positions are phone ids), then its own numbers (source G+1,
 * positions are list indexes). A cursor (source, position) says where to go on, so a chunked
 * walk can stop and resume.
 */
export type RecipientSources = { phones: Recipient[]; groups: GroupRow[] }

/** The next chunk after `cursor` and the cursor after it; null when every source is done. */
export async function nextRecipients(
  deps: Pick<ServiceDeps, 'db'>,
  sources: RecipientSources,
  cursor: Cursor,
  limit: number,
): Promise<{ recipients: Recipient[]; group: GroupRow | null; next: Cursor } | null> {
  const start = resumeAt(cursor)
  let position = start.position
  for (let s: number | null = start.source; s !== null; s = nextSource(s, sources.groups.length)) {
    if (s !== start.source) position = 0
    if (isListSource(s, sources.groups.length)) {
      const recipients = sources.phones.slice(position, position + limit)
      if (recipients.length > 0) {
        return {
          recipients,
          group: null,
          next: { source: s, position: position + recipients.length },
        }
      }
    } else {
      const group = sources.groups[s - 1]!
      const rows = await phonesPage(deps.db, {
        groupId: Number(group.id),
        afterId: position,
        limit,
      })
      if (rows.length > 0) {
        const recipients = rows.filter((r) => r.unsubscribed_at === null).map(recipientOf)
        return { recipients, group, next: { source: s, position: Number(rows.at(-1)!.id) } }
      }
    }
  }
  return null
}

export function recipientOf(r: PhoneRow): Recipient {
  return {
    phone: r.phone,
    iso2: r.iso2,
    callbackData: r.callback_data,
    values: { a: r.a, b: r.b, c: r.c, d: r.d, e: r.e },
  }
}

/** Compiles the bulk text once per group (its column names) and once for its own numbers. */
export class Templates {
  private readonly byGroup = new Map<number, Template>()
  private readonly list: Template

  constructor(
    private readonly text: string,
    groups: readonly GroupRow[],
  ) {
    this.list = compileListTemplate(text, groups.map(namesOf))
  }

  of(group: GroupRow | null): Template {
    if (!group) return this.list
    let t = this.byGroup.get(Number(group.id))
    if (!t) {
      t = compileTemplate(this.text, namesOf(group))
      this.byGroup.set(Number(group.id), t)
    }
    return t
  }
}

function namesOf(g: GroupRow): ColumnNames {
  return [g.name_a, g.name_b, g.name_c, g.name_d, g.name_e]
}

/**
 * The SMS of one recipient, or null when it cannot be sent: its personalised text breaks the
 * limits of one SMS, or its destination has no price for the account.
 */
export async function recipientMessage(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'prices' | 'settings'>,
  bulk: RecipientShape,
  template: Template,
  r: Recipient,
): Promise<RecipientMessage | null> {
  // A value goes into SSML as text: a name such as "Smith & <Sons>" must not make it invalid.
  const ssml = bulk.serviceCode === 'text2speech' && isSsml(leadingText(template))
  const personal = personalise(template, r.values, ssml ? escapeXml : undefined)
  const links = bulk.links
    ? linksOf(deps.settings, personal, bulk.links.campaigns, bulk.links.tracking)
    : null
  const draft = links ? draftText(deps.settings, links) : personal
  const analysed =
    bulk.serviceCode === 'text2speech' ? voiceText(draft) : analyzeText(draft, bulk.isUnicode)
  if (!analysed.ok) return null
  const unit = await unitPrice(deps, bulk.accountId, bulk.serviceCode, r.iso2)
  if (unit === null) return null
  const { text, isUnicode, charsCount, partsCount } = analysed.value
  const priceMicro = messagePrice(unit, partsCount)
  return { text, links, isUnicode, charsCount, partsCount, priceMicro }
}

/** A voice text counted as POST /sms counts it: billed characters, blocks of 160. */
function voiceText(text: string) {
  const counted = countVoiceText(text)
  if (!counted.ok) return { ok: false } as const
  const { charsCount, partsCount } = counted
  return { ok: true, value: { text, isUnicode: false, charsCount, partsCount } } as const
}
