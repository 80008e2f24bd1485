// The sender ids an account stores in slots 1..6 ("Settings → Sender IDs"): front doors whose
// caller cannot name a sender, as an email-to-SMS address, pick one by its slot.
import { appError, validationError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { classifySenderId } from '../../domain/message/sender-id.js'
import { MAIL_ADDRESS_RANGES } from '../../domain/mail/mail-address.js'
import * as senderIds from '../../store/repositories/sender-id.repository.js'
import { findAccount } from '../../store/repositories/account.repository.js'
import type { SenderIdRow } from '../../store/tables/sender-id.table.js'
import type { ServiceDeps } from '../deps.js'
import type { StoredSenderId } from './sender-id.schemas.js'

type Db = Pick<ServiceDeps, 'db'>

/** The sender used when the slot an email-to-SMS address picks is empty (spec §20.2). */
export const FALLBACK_SENDER_ID = 'email2sms'

function fromRow(r: SenderIdRow): StoredSenderId {
  return {
    slot: Number(r.slot),
    sender_id: r.sender_id,
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  }
}

export async function listSenderIds(deps: Db, accountId: number): Promise<StoredSenderId[]> {
  return (await senderIds.listSenderIds(deps.db, accountId)).map(fromRow)
}

export async function setSenderId(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  slot: number,
  senderId: string,
): Promise<StoredSenderId> {
  const { min, max } = MAIL_ADDRESS_RANGES.sender_id
  const problems = []
  if (!Number.isInteger(slot) || slot < min || slot > max)
    problems.push({ propertyPath: 'slot', message: `must be a whole number from ${min} to ${max}` })
  if (classifySenderId(senderId) === null)
    problems.push({
      propertyPath: 'sender_id',
      message:
        'must be a number of up to 15 digits (optional leading +) or 1-11 letters, digits and spaces',
    })
  if (problems.length > 0) throw validationError(problems)
  const now = unixSeconds(deps.clock)
  const row = { account_id: accountId, slot, sender_id: senderId, created_at: now, updated_at: now }
  return fromRow(await senderIds.upsertSenderId(deps.db, row))
}

export async function deleteSenderId(deps: Db, accountId: number, slot: number): Promise<void> {
  if (!(await senderIds.deleteSenderId(deps.db, accountId, slot)))
    throw appError('SENDER_ID_NOT_FOUND', { slot })
}

/** The sender id in the slot, or `email2sms` when the slot is empty. */
export async function senderIdForSlot(deps: Db, accountId: number, slot: number): Promise<string> {
  return (await senderIds.findSenderId(deps.db, accountId, slot))?.sender_id ?? FALLBACK_SENDER_ID
}

/** The operator stores a sender id for an account (`taube sender-id set`). */
export async function setSenderIdForOperator(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  slot: number,
  senderId: string,
): Promise<StoredSenderId> {
  if (!(await findAccount(deps.db, accountId)))
    throw appError('ACCOUNT_NOT_FOUND', { id: accountId })
  return setSenderId(deps, accountId, slot, senderId)
}
