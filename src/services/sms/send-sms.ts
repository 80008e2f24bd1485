import { createHash } from 'node:crypto'
import { appError, validationError, type AppError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { messagePrice } from '../../domain/pricing/price-list.js'
import { PRIORITY, urgentPriority } from '../../domain/message/priority.js'
import { priorityPrice } from '../../domain/pricing/priority-price.js'
import * as accounts from '../../store/repositories/account.repository.js'
import * as idempotency from '../../store/repositories/idempotency.repository.js'
import { insertSms, insertSmsMany } from '../../store/repositories/sms.repository.js'
import type { Db } from '../../store/database.js'
import type { SmsRow } from '../../store/tables/sms.table.js'
import type { Account } from '../accounts/account-model.js'
import type { ServiceDeps } from '../deps.js'
import { unitPrice } from '../pricing/price-lists.js'
import { insufficientFunds } from '../accounts/funds.js'
import { smsDeliveryEvent } from '../../events/sms-events.js'
import { queuedFields } from './delivery-fields.js'
import { claimedSms, leaseToDispatcher } from './hand-off.js'
import { prepareMessage, type PreparedMessage } from './prepare-message.js'
import { smsRecordFromRow, type SmsRecord } from './sms-record.js'
import type { SendSmsCommand } from './send-command.js'
import { insertKannelDlrUrls } from '../../store/repositories/kannel-dlr-url.repository.js'
import {
  campaignsOf,
  draftText,
  issueMessageLinks,
  linksOf,
} from '../message-links/message-links.js'
import type { KannelDlrUrlRow } from '../../store/tables/kannel-dlr-url.table.js'

/** The uuid every dryrun answers with (spec §7.4; the 12-digit form, errata 1). */
export const DRYRUN_UUID = '11111111-2222-3333-4444-555555555555'

/** How long an Idempotency-Key answers with its first response. */
export const IDEMPOTENCY_WINDOW_S = 24 * 3600

/**
 * Accepts one SMS: validates, prices, reserves the price from the balance and queues the
 * message in one transaction, so a message is either stored and paid for or not at all.
 */
export async function sendSms(
  deps: ServiceDeps,
  input: SendSmsCommand,
): Promise<{ sms: SmsRecord; replayed: boolean }> {
  const now = unixSeconds(deps.clock)
  const { account } = input.principal
  const uuid = deps.ids.uuid()
  const { prepared, price } = await withLinks(deps, input, now, uuid)

  if (input.idempotency === undefined) {
    const row = newSmsRow(deps, input, uuid, prepared, price, now)
    const handOff = leaseToDispatcher(deps.handOff, row, deps.clock.nowMs())
    let outcome: AppError | null
    try {
      outcome = await deps.groupCommit
        .joined('accept sms', acceptMany)
        .add({ account, row, kannel: kannelDlrRow(input, row) })
    } catch (err) {
      handOff?.giveBack()
      throw err
    }
    if (outcome !== null) {
      handOff?.giveBack()
      throw outcome
    }
    deps.log.debug(
      { smsId: row.uuid, accountId: account.id, parts: row.parts_count },
      'sms accepted',
    )
    if (handOff) handOff.deliver(claimedSms(row))
    else deps.queued.notify()
    return { sms: smsRecordFromRow(row), replayed: false }
  }

  const requestHash = hashBody(input.idempotency.fingerprint)
  // With an Idempotency-Key: a unit of its own, which answers a repeat with the first response.
  const idemKey = input.idempotency.key
  const run = () =>
    deps.groupCommit.run(async (trx) => {
      const earlier = await replay(trx, account.id, idemKey, requestHash, now)
      if (earlier) return { sms: earlier, replayed: true }
      if ((await accounts.reserveFunds(trx, account.id, price, now)) === null) {
        throw await insufficientFunds(trx, account, price)
      }
      const row = newSmsRow(deps, input, uuid, prepared, price, now)
      await insertSms(trx, row)
      const kannel = kannelDlrRow(input, row)
      if (kannel !== null) await insertKannelDlrUrls(trx, [kannel])
      const sms = smsRecordFromRow(row)
      await idempotency.saveIdempotentResponse(trx, account.id, idemKey, {
        requestHash,
        status: 201,
        body: JSON.stringify(sms),
        createdAt: now,
      })
      deps.log.debug(
        { smsId: row.uuid, accountId: account.id, parts: row.parts_count },
        'sms accepted',
      )
      return { sms, replayed: false }
    })

  try {
    const result = await run()
    if (!result.replayed) deps.queued.notify()
    return result
  } catch (e) {
    // Two requests with one key raced (only possible across processes): the loser replays.
    if (isUniqueViolation(e)) {
      const earlier = await replay(deps.db, account.id, idemKey, requestHash, now)
      if (earlier) return { sms: earlier, replayed: true }
    }
    throw e
  }
}

type Accept = { account: Account; row: SmsRow; kannel: KannelDlrUrlRow | null }

/** Stored with the message, so that no report can be recorded before it. */
function kannelDlrRow(input: SendSmsCommand, row: SmsRow): KannelDlrUrlRow | null {
  const k = input.kannelDlrUrl
  if (!k) return null
  const { url, mask, receiver, sender } = k
  const at = row.created_at
  return {
    sms_uuid: row.uuid,
    account_id: row.account_id,
    url,
    mask,
    receiver,
    sender,
    created_at: at,
  }
}

/**
 * The messages accepted while a group commit forms, stored together: each account's prices are
 * reserved at once where its balance covers them all, one by one in order otherwise (the same
 * outcome), and the messages paid for are inserted in one statement. Per message: null, or the
 * 402 it gets.
 */
async function acceptMany(trx: Db, items: readonly Accept[]): Promise<(AppError | null)[]> {
  const outcomes: (AppError | null)[] = items.map(() => null)
  const byAccount = new Map<number, number[]>()
  items.forEach((item, i) => {
    const of = byAccount.get(item.account.id) ?? []
    byAccount.set(item.account.id, of)
    of.push(i)
  })
  for (const [accountId, indexes] of byAccount) {
    const at = Math.max(...indexes.map((i) => items[i]!.row.created_at))
    const total = indexes.reduce((sum, i) => sum + items[i]!.row.price_micro, 0)
    if (indexes.length > 1 && (await accounts.reserveFunds(trx, accountId, total, at)) !== null)
      continue
    for (const i of indexes) {
      const { account, row } = items[i]!
      if ((await accounts.reserveFunds(trx, accountId, row.price_micro, at)) === null) {
        outcomes[i] = await insufficientFunds(trx, account, row.price_micro)
      }
    }
  }
  const accepted = items.filter((_, i) => outcomes[i] === null)
  await insertSmsMany(
    trx,
    accepted.map((item) => item.row),
  )
  await insertKannelDlrUrls(
    trx,
    accepted.flatMap((item) => (item.kannel === null ? [] : [item.kannel])),
  )
  return outcomes
}

/** What POST /sms would answer, with nothing stored and nothing charged (spec §7.4, G-29). */
export async function dryrunSms(deps: ServiceDeps, input: SendSmsCommand): Promise<SmsRecord> {
  const now = unixSeconds(deps.clock)
  const { prepared, price } = await withLinks(deps, input, now, null)
  const sms = smsRecordFromRow(newSmsRow(deps, input, DRYRUN_UUID, prepared, price, now))
  // The simulated delivery report (spec §7.4), dlr_code 0.
  const facts = {
    accountId: input.principal.account.id,
    uuid: DRYRUN_UUID,
    keyId: input.principal.key.id,
    dlrCode: 0,
    statusCode: sms.status_code,
    callbackData: sms.callback_data,
    phone: sms.phone,
  }
  const event = smsDeliveryEvent(facts, now, 'sms.delivery.dryrun')
  await deps.groupCommit.run((trx) => deps.outbox.record(trx, event))
  return sms
}

/**
 * The message checked and priced on its text as sent: with its short links (message-links.ts),
 * issued for the message `uuid`; a dryrun (null) issues none and shows stand-in codes.
 */
async function withLinks(
  deps: ServiceDeps,
  input: SendSmsCommand,
  now: number,
  uuid: string | null,
): Promise<{ prepared: PreparedMessage; price: number }> {
  const { account } = input.principal
  const tracking = input.linkTracking ?? null
  // Most messages have no link to make: they skip even the scan for one.
  const mayLink =
    input.payload.kind === 'text' &&
    !input.payload.udh &&
    (tracking !== null || /\[link:/i.test(input.payload.text))
  const links =
    mayLink && input.payload.kind === 'text'
      ? linksOf(
          deps.settings,
          input.payload.text,
          await campaignsOf(deps.db, account.id, input.payload.text, true),
          tracking,
        )
      : null
  if (links === null) {
    const prepared = prepare(input, account, now)
    return { prepared, price: await priceOf(deps, input, prepared) }
  }
  const draft = prepare(withText(input, draftText(deps.settings, links)), account, now)
  const price = await priceOf(deps, input, draft)
  if (uuid === null) return { prepared: draft, price }
  const [text] = await issueMessageLinks(deps, account.id, [
    { ml: links, at: { smsId: uuid, phone: draft.phone } },
  ])
  // Real codes are as long as the stand-ins: the same characters, parts and price.
  return { prepared: prepare(withText(input, text!), account, now), price }
}

function withText(input: SendSmsCommand, text: string): SendSmsCommand {
  if (input.payload.kind !== 'text') return input
  return { ...input, payload: { ...input.payload, text } }
}

function prepare(command: SendSmsCommand, account: Account, now: number): PreparedMessage {
  const r = prepareMessage(command, account, now)
  if (!r.ok) throw validationError(r.violations)
  return r.value
}

async function priceOf(
  deps: ServiceDeps,
  input: SendSmsCommand,
  m: PreparedMessage,
): Promise<number> {
  const unit = await unitPrice(deps, input.principal.account.id, m.serviceCode, m.iso2)
  if (unit === null) {
    throw validationError([
      {
        propertyPath: 'to',
        message: `sending to ${m.iso2 ?? 'this destination'} with service "${m.serviceCode}" is not available for this account`,
        code: 'DESTINATION_NOT_PRICED',
      },
    ])
  }
  const price = messagePrice(unit, m.partsCount)
  const p = input.priority
  return p ? priorityPrice(price, p.hundredths, p.surchargePercent) : price
}

function newSmsRow(
  deps: ServiceDeps,
  input: SendSmsCommand,
  uuid: string,
  m: PreparedMessage,
  priceMicro: number,
  now: number,
): SmsRow {
  return {
    uuid,
    account_id: input.principal.account.id,
    key_id: input.principal.key.id,
    bulk_id: null,
    phone: m.phone,
    iso2: m.iso2,
    sender_id: m.senderId,
    text: m.text,
    is_unicode: m.isUnicode ? 1 : 0,
    chars_count: m.charsCount,
    parts_count: m.partsCount,
    service_code: m.serviceCode,
    voice_lang: m.voiceLang,
    callback_data: m.callbackData,
    source: m.source,
    created_at: now,
    ip: input.ip,
    is_text_deleted: m.isTextDeleted ? 1 : 0,
    price_micro: priceMicro,
    updated_at: now,
    ...queuedFields(deps, {
      deliveryAtS: m.deliveryAt,
      priority: input.priority ? urgentPriority(input.priority.hundredths) : PRIORITY.single,
      validityS: input.validityS,
    }),
    is_binary: m.binary === null ? 0 : 1,
    udh: m.binary?.udh ?? m.textUdh ?? null,
    message_class: input.messageClass ?? null,
    facade_id: input.facadeId ?? null,
    label: input.label ?? null,
  }
}

async function replay(
  db: Db,
  accountId: number,
  key: string,
  requestHash: string,
  now: number,
): Promise<SmsRecord | undefined> {
  const earlier = await idempotency.findIdempotentResponse(
    db,
    accountId,
    key,
    now - IDEMPOTENCY_WINDOW_S,
  )
  if (!earlier) return undefined
  if (earlier.requestHash !== requestHash) throw appError('IDEMPOTENCY_KEY_REUSED', { key })
  return JSON.parse(earlier.body) as SmsRecord
}

/** Key order must not matter: clients serialise the same body in different orders. */
function hashBody(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex')
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`
  }
  return JSON.stringify(v)
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code
  return (
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === '23505'
  )
}
