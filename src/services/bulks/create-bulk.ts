import { AppError, validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { analyzeText } from '../../domain/encoding/segments.js'
import { countVoiceText } from '../../domain/voice/voice-count.js'
import { DEFAULT_SERVICE_CODE } from '../../domain/message/service-code.js'
import { BULK_STATUS } from '../../domain/message/status.js'
import { normalizePhone, PHONE_MESSAGES } from '../../domain/phone/e164.js'
import * as accounts from '../../store/repositories/account.repository.js'
import { insertBulk } from '../../store/repositories/bulk.repository.js'
import {
  columnBounds,
  countFirstEntries,
  firstEntriesPage,
  numbersInGroups,
  type ColumnBounds,
} from '../../store/repositories/bulk-recipients.repository.js'
import { listNumbersToSend } from '../../domain/bulk/recipient-rule.js'
import { findGroupsOfAccount } from '../../store/repositories/group.repository.js'
import type { GroupRow } from '../../store/tables/group.table.js'
import { insufficientFunds } from '../accounts/funds.js'
import type { ServiceDeps } from '../deps.js'
import { checkSendAt, checkService } from '../sms/message-checks.js'
import type { SendBulkCommand } from './send-bulk-command.js'
import { bulkRecordFromRow, type BulkRecord } from './bulk-record.js'
import type { Template } from '../../domain/placeholders.js'
import { unitPrice } from '../pricing/price-lists.js'
import {
  recipientMessage,
  recipientOf,
  Templates,
  type Recipient,
  type RecipientShape,
} from './recipients.js'
import {
  campaignsOf,
  draftText,
  issueSharedLinks,
  linksOf,
} from '../message-links/message-links.js'

/** Recipients read per step while a bulk is priced or expanded: memory stays flat. */
export const RECIPIENT_CHUNK = 500

/**
 * Accepts a bulk: checks it, prices every recipient (their personalised text, their
 * destination), reserves that total from the balance (402 when it does not cover it) and stores
 * the bulk; the expander makes its SMS afterwards. A dryrun is priced and stored, nothing else.
 */
export async function createBulk(deps: ServiceDeps, input: SendBulkCommand): Promise<BulkRecord> {
  const { account, key } = input.principal
  const isUnicode = input.encoding === 'auto' ? null : input.encoding === 'ucs2'
  const now = unixSeconds(deps.clock)
  const violations: Violation[] = []

  // Short links (message-links.ts): checked and priced now with stand-in codes of their length.
  const tracking = input.linkTracking ?? null
  const campaigns = await campaignsOf(deps.db, account.id, input.text, true)
  const links = linksOf(deps.settings, input.text, campaigns, tracking)
  const draft = links ? draftText(deps.settings, links) : input.text
  const serviceCode =
    checkService(input.serviceCode, account, violations, 'serviceCode') ?? DEFAULT_SERVICE_CODE
  if (serviceCode === 'text2speech') {
    const voice = countVoiceText(draft)
    if (!voice.ok) violations.push({ propertyPath: 'text', message: voice.message })
  } else {
    const template = analyzeText(draft, isUnicode)
    if (!template.ok)
      violations.push({ propertyPath: 'text', message: templateProblem(template.error.code) })
  }
  const deliveryAt = checkSendAt(input.sendAt, now, violations, 'sendAt')

  // Its own numbers: normalised, each number once.
  const phones: Recipient[] = []
  const seen = new Set<string>()
  input.numbers.forEach((raw, i) => {
    const p = normalizePhone(raw, account.country)
    if (!p.ok) {
      return violations.push({
        propertyPath: `numbers[${i}]`,
        message: `"${raw}" ${PHONE_MESSAGES[p.reason]}`,
        code: p.reason,
      })
    }
    if (seen.has(p.e164)) return
    seen.add(p.e164)
    phones.push({ phone: p.e164, iso2: p.iso2, callbackData: null, values: {} })
  })

  const groupIds = [...new Set(input.groupIds)]
  // A group past its deleted_at is gone (it answers 404), so it is no recipient either.
  const found = await findGroupsOfAccount(deps.db, account.id, groupIds, now)
  const groups: GroupRow[] = []
  groupIds.forEach((id) => {
    const g = found.find((x) => Number(x.id) === id)
    if (g) groups.push(g)
    else
      violations.push({
        propertyPath: `groupIds[${input.groupIds.indexOf(id)}]`,
        message: `group ${id} not found`,
      })
  })
  if (phones.length === 0 && groups.length === 0 && violations.length === 0) {
    violations.push({
      propertyPath: 'numbers',
      message: 'give at least one number or one group',
    })
  }
  if (violations.length > 0) throw validationError(violations)

  const shape: Shape = {
    accountId: account.id,
    serviceCode,
    isUnicode,
    links: links ? { campaigns, tracking } : null,
  }
  // A dryrun is asked for its price: it gets the exact one. A real bulk reserves a bound first,
  // quickly, and only prices exactly when the bound is more than the account has.
  const sources = { phones, groups }
  const { count, costMicro } = await priceRecipients(
    deps,
    shape,
    input.text,
    sources,
    input.dryrun ? 'exact' : 'bound',
  )
  if (count === 0) {
    throw validationError([
      {
        propertyPath: 'groupIds',
        message: 'the groups hold no subscribed number that can be sent to',
      },
    ])
  }

  const row = {
    uuid: deps.ids.uuid(),
    account_id: account.id,
    key_id: key.id,
    sender_id: input.from,
    text: input.text,
    phones: JSON.stringify(phones.map((p) => p.phone)),
    msg_groups: JSON.stringify(groups.map((g) => Number(g.id))),
    delivery_at: deliveryAt,
    status_code: input.dryrun ? BULK_STATUS.DONE : BULK_STATUS.NEW,
    msg_total_count: count,
    msg_total_cost_micro: costMicro,
    reserved_micro: input.dryrun ? 0 : costMicro,
    created_at: now,
    processed_at: now,
    ip: input.ip,
    is_unicode: isUnicode === null ? null : isUnicode ? 1 : 0,
    is_dryrun: input.dryrun ? 1 : 0,
    service_code: serviceCode,
    source: input.source,
    voice_lang: input.voiceLang,
    is_text_deleted: (input.textDeleted ?? account.isTextDeleted) ? 1 : 0,
    cursor_source: 0,
    cursor_id: 0,
    lease_owner: null,
    lease_expires_at: null,
    link_tracking: tracking === 'extended' ? 2 : tracking === 'simple' ? 1 : null,
  }
  // A dryrun shows its links with stand-in codes and issues none.
  if (links && input.dryrun) row.text = draftText(deps.settings, links)
  const store = () =>
    deps.db.transaction().execute(async (trx) => {
      if (
        !input.dryrun &&
        (await accounts.reserveFunds(trx, account.id, row.reserved_micro, now)) === null
      ) {
        throw await insufficientFunds(trx, account, row.reserved_micro)
      }
      // The links every recipient shares are made once, with the bulk; the rest per recipient.
      if (links && !input.dryrun) {
        const linkDeps = { db: trx, clock: deps.clock, settings: deps.settings }
        row.text = await issueSharedLinks(linkDeps, account.id, links, { bulkId: row.uuid })
      }
      await insertBulk(trx, row)
    })
  try {
    await store()
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'INSUFFICIENT_FUNDS')) throw err
    // The bound did not fit; the exact price may (or answers the 402 with the true cost).
    const exact = await priceRecipients(deps, shape, input.text, sources, 'exact')
    if (exact.costMicro >= row.reserved_micro) throw err
    Object.assign(row, { msg_total_cost_micro: exact.costMicro, reserved_micro: exact.costMicro })
    await store()
  }
  if (!input.dryrun) deps.bulks.notify()
  deps.log.info(
    { bulkId: row.uuid, accountId: account.id, recipients: count, dryrun: input.dryrun },
    'bulk accepted',
  )
  return bulkRecordFromRow(row)
}

type Shape = RecipientShape
type Sources = { phones: Recipient[]; groups: GroupRow[] }

/** Recipients of personalised groups priced one by one before the quick bound takes over. */
export const EXACT_PRICING_UP_TO = 10_000

/**
 * What the bulk will make and cost, by the rule of domain/bulk/recipient-rule.ts: each number
 * once, from its first entry (groups in order, then the list). The count is always exact. So is
 * the cost, but for personalised groups beyond EXACT_PRICING_UP_TO recipients in `bound` mode:
 * these are priced from the longest value of each column per country (one aggregate query),
 * which can only be more than the exact price, and the difference is given back once made.
 * Counts come from one aggregate over all the groups; only recipients priced one by one are read.
 */
async function priceRecipients(
  deps: ServiceDeps,
  bulk: Shape,
  text: string,
  sources: Sources,
  mode: 'bound' | 'exact',
): Promise<{ count: number; costMicro: number }> {
  const templates = new Templates(text, sources.groups)
  let count = 0
  let costMicro = 0
  const add = (m: { priceMicro: number } | null, n = 1) => {
    if (!m) return
    count += n
    costMicro += m.priceMicro * n
  }
  const groupIds = sources.groups.map((g) => Number(g.id))
  const firstEntries = await countFirstEntries(deps.db, { accountId: bulk.accountId, groupIds })
  let exactLeft = EXACT_PRICING_UP_TO
  for (const [i, group] of sources.groups.entries()) {
    const scope = {
      accountId: bulk.accountId,
      groupId: Number(group.id),
      earlierGroupIds: groupIds.slice(0, i),
    }
    const counts = firstEntries.get(Number(group.id)) ?? []
    const template = templates.of(group)
    if (!template.hasPlaceholders) {
      for (const { iso2, n } of counts) {
        add(
          await recipientMessage(deps, bulk, template, {
            phone: '',
            iso2,
            callbackData: null,
            values: {},
          }),
          n,
        )
      }
      continue
    }
    if (mode === 'bound') {
      exactLeft -= counts.reduce((sum, c) => sum + c.n, 0)
      if (exactLeft < 0) {
        const bounds = await columnBounds(deps.db, deps.dialect, Number(group.id))
        const priced = await Promise.all(
          counts.map((c) => {
            const b = bounds.find((x) => x.iso2 === c.iso2)
            return b ? boundPrice(deps, bulk, template, b) : ('too-long' as const)
          }),
        )
        // A bound too long for one SMS says nothing: then this group is read phone by phone.
        if (priced.every((p) => p !== 'too-long')) {
          priced.forEach((p, j) => add(p === 'unpriced' ? null : { priceMicro: p }, counts[j]!.n))
          continue
        }
      }
    }
    let afterId = 0
    for (;;) {
      const rows = await firstEntriesPage(deps.db, {
        ...scope,
        afterId,
        limit: RECIPIENT_CHUNK * 4,
      })
      if (rows.length === 0) break
      for (const r of rows) add(await recipientMessage(deps, bulk, template, recipientOf(r)))
      afterId = Number(rows.at(-1)!.id)
      // Let other requests in between chunks (SQLite answers synchronously).
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  // The list last: only its numbers no group of the bulk holds.
  const inGroups = await numbersInGroups(deps.db, {
    accountId: bulk.accountId,
    groupIds,
    phones: sources.phones.map((p) => p.phone),
  })
  const own = new Set(
    listNumbersToSend(
      sources.phones.map((p) => p.phone),
      inGroups,
    ),
  )
  for (const r of sources.phones) {
    if (own.has(r.phone)) add(await recipientMessage(deps, bulk, templates.of(null), r))
  }
  return { count, costMicro }
}

/**
 * A recipient whose every column is as long as the longest in its country, in the costliest
 * characters: "{" takes two GSM septets, an emoji two UCS-2 units.
 */
function longest(b: ColumnBounds): Recipient {
  const fill = (i: number) => (b.nonAscii[i] ? '😀' : '{').repeat(b.maxLength[i]!)
  return {
    phone: '',
    iso2: b.iso2,
    callbackData: null,
    values: { a: fill(0), b: fill(1), c: fill(2), d: fill(3), e: fill(4) },
  }
}

/** The most one recipient of these bounds can cost; 'unpriced': the country has no price. */
async function boundPrice(
  deps: ServiceDeps,
  bulk: Shape,
  template: Template,
  b: ColumnBounds,
): Promise<number | 'unpriced' | 'too-long'> {
  const unit = await unitPrice(deps, bulk.accountId, bulk.serviceCode, b.iso2)
  if (unit === null) return 'unpriced'
  const m = await recipientMessage(deps, bulk, template, longest(b))
  return m === null ? 'too-long' : m.priceMicro
}

function templateProblem(code: string): string {
  switch (code) {
    case 'TEXT_EMPTY':
      return 'must not be empty'
    case 'TEXT_NOT_GSM':
      return 'contains characters GSM 03.38 cannot carry; send with is_unicode true or null'
    default:
      return 'is longer than one SMS may be (1530 GSM or 670 UCS-2 characters)'
  }
}
