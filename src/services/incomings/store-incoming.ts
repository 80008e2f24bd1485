import { isStopMessage, UNSUBSCRIBE_REASON } from '../../domain/incoming/opt-out.js'
import {
  addressKey,
  attributeReply,
  isNumberAddress,
  pickRepliedMessage,
  type NumberOwners,
  type ReplyOwner,
} from '../../domain/incoming/reply-match.js'
import { normalizeNumberForm } from '../../domain/phone/e164.js'
import type { Db } from '../../store/database.js'
import { findInboundNumberByNumber } from '../../store/repositories/inbound-number.repository.js'
import { numberOwners } from '../../store/repositories/sender-number.repository.js'
import {
  insertIncoming,
  recentlySentTo,
  unsubscribePhone,
} from '../../store/repositories/incoming.repository.js'
import type { IncomingRow } from '../../store/tables/incoming.table.js'
import type { ServiceDeps } from '../deps.js'
import { recordSmppMo } from '../smpp/smpp-mo.js'
import { incomingEventData, incomingLegacyFields } from './incoming-model.js'

export type Mo = {
  connectorId: string | null
  from: string
  to: string
  text: string
  receivedAtMs: number
}

type Deps = Pick<ServiceDeps, 'outbox' | 'ids' | 'settings' | 'log'>

/**
 * Stores one complete inbound message in the caller's transaction and everything it causes:
 * the account it belongs to (the inbound number it was sent to, or the account whose SMS it
 * answers, see attributeReply), the link to that SMS, an opt-out for a stop keyword, and the
 * sms.incoming event. A message no account can be found for is kept without one, for the operator.
 */
export async function storeIncoming(deps: Deps, db: Db, mo: Mo): Promise<IncomingRow> {
  const from = e164OrAsIs(mo.from)
  const to = e164OrAsIs(mo.to)
  const number = await findInboundNumberByNumber(db, to)
  const sinceS = Math.floor(mo.receivedAtMs / 1000) - deps.settings.replyWindowS
  let owner: ReplyOwner
  if (number) {
    const candidates = await recentlySentTo(db, {
      phone: from,
      sinceS,
      accountId: number.account_id,
    })
    owner = { accountId: number.account_id, msgUuid: pickRepliedMessage(candidates, to, true) }
  } else {
    const candidates = await recentlySentTo(db, { phone: from, sinceS, accountId: null })
    const owners = await ownersOf(db, [to, ...candidates.map((c) => c.sender_id)])
    owner = attributeReply(candidates, to, owners)
  }
  const { accountId, msgUuid } = owner
  const row = await insertIncoming(db, {
    uuid: deps.ids.uuid(),
    account_id: accountId,
    inbound_number_id: number?.id ?? null,
    connector_id: mo.connectorId,
    from_addr: from,
    to_addr: to,
    text: mo.text,
    msg_uuid: msgUuid,
    received_at: mo.receivedAtMs,
  })
  if (accountId === null) {
    deps.log.warn({ incoming: row.uuid, to }, 'inbound SMS for no account: kept for the operator')
    return row
  }
  if (isStopMessage(mo.text, deps.settings.stopKeywords)) {
    const n = await unsubscribePhone(db, {
      accountId,
      phone: from,
      atS: Math.floor(mo.receivedAtMs / 1000),
      reason: UNSUBSCRIBE_REASON.stopKeyword,
    })
    deps.log.info({ incoming: row.uuid, accountId, phones: n }, 'stop keyword: number unsubscribed')
  }
  await deps.outbox.record(db, {
    accountId,
    name: 'sms.incoming',
    data: incomingEventData(row, number),
    subject: null,
    createdAt: Math.floor(mo.receivedAtMs / 1000),
    legacy: incomingLegacyFields(row, number),
    legacyTarget: number?.endpoint ?? null,
    kannelMo: number?.kannel_mo_url ? { url: number.kannel_mo_url, from, to, text: mo.text } : null,
  })
  await recordSmppMo(db, accountId, row.uuid, Math.floor(mo.receivedAtMs / 1000))
  return row
}

/** Who owns each of these addresses that is a number (see NumberOwners). */
async function ownersOf(db: Db, addresses: string[]): Promise<NumberOwners> {
  const keys = new Set(addresses.filter(isNumberAddress).map(addressKey))
  const owners = new Map<string, Set<number>>()
  for (const { number, account_id } of await numberOwners(
    db,
    [...keys].map((k) => `+${k}`),
  )) {
    const key = addressKey(number)
    owners.set(key, (owners.get(key) ?? new Set()).add(account_id))
  }
  return owners
}

/** Numbers in E.164 where they can be read as one; short codes and names as they came. */
function e164OrAsIs(address: string): string {
  const r = normalizeNumberForm(address, null)
  return r.ok ? r.e164 : address.trim()
}
