// Receipts an ESME asked for with registered_delivery: recorded when the message is accepted,
// read once the message has reached a final state, marked when a receiver bind took them. They
// wait for a receiver as long as the message row is kept (at least RECEIPT_KEEP_S).
import type { ReceiptState } from '../../domain/dlr/receipt-state.js'
import type { MessageState } from '../../domain/message/status.js'
import { unixSeconds } from '../../shared/clock.js'
import type { Db } from '../../store/database.js'
import * as receipts from '../../store/repositories/smpp-receipt.repository.js'
import type { ServiceDeps } from '../deps.js'

/** How long a receipt waits for a receiver bind: 72 hours and a margin. */
export const RECEIPT_KEEP_S = 7 * 86_400

export type SmppReceipt = {
  /** The id submit_sm_resp answered with (the last part's, for a concatenated message). */
  id: string
  /** The id the earlier parts of a concatenated message were answered with. */
  partsId: string | null
  /** The message's own sender and recipient. */
  from: string
  to: string
  state: ReceiptState
  /** `err:`: 000 when delivered, else the dlr_code as three digits. */
  err: string
  submitAtS: number
  doneAtS: number
  /** The first 20 characters of the text ('' once deleted or for binary data). */
  text: string
  /** Failures-only receipt for a delivered message: marked taken without being sent. */
  skip: boolean
}

type Deps = Pick<ServiceDeps, 'db' | 'dialect' | 'clock' | 'groupCommit'>

type Request = { sms_uuid: string; account_id: number; mode: number; created_at: number }

const STAT: Partial<Record<MessageState, ReceiptState>> = {
  delivered: 'DELIVRD',
  expired: 'EXPIRED',
  rejected: 'UNDELIV',
  failed: 'REJECTD',
  cancelled: 'DELETED',
}

export async function requestReceipt(
  deps: Deps,
  accountId: number,
  smsId: string,
  mode: 1 | 2,
): Promise<void> {
  // Joined with the other requests of the moment: one statement, one commit, for a full window.
  await deps.groupCommit.joined('smpp receipt requests', insertRequests).add({
    sms_uuid: smsId,
    account_id: accountId,
    mode,
    created_at: unixSeconds(deps.clock),
  })
}

/** How long a claimed receipt is this process's alone; then another may send it. */
export const OWED_LEASE_MS = 60_000

/** A claim by `owner` of what is due to these accounts' receivers. */
export type OwedRequest = { owner: string; accountIds: readonly number[]; limit: number }

/** Receipts of these accounts ready to go, oldest first, leased to the caller. */
export async function claimReceipts(
  deps: Deps,
  r: OwedRequest,
): Promise<(SmppReceipt & { accountId: number })[]> {
  const rows = await deps.groupCommit.run((trx) =>
    receipts.claimSmppReceipts(trx, deps.dialect, {
      ...r,
      nowMs: deps.clock.nowMs(),
      leaseMs: OWED_LEASE_MS,
    }),
  )
  return rows.map(({ mode, sms }) => {
    const state = STAT[sms.state] ?? 'UNKNOWN'
    return {
      accountId: sms.account_id,
      id: sms.uuid,
      partsId: sms.facade_id,
      from: sms.sender_id,
      to: sms.phone,
      state,
      err: state === 'DELIVRD' ? '000' : String(sms.dlr_code).padStart(3, '0'),
      submitAtS: sms.created_at,
      doneAtS: sms.updated_at,
      text: sms.is_binary === 1 ? '' : [...sms.text].slice(0, 20).join(''),
      skip: mode === 2 && state === 'DELIVRD',
    }
  })
}

async function insertRequests(trx: Db, rows: readonly Request[]): Promise<null[]> {
  await receipts.insertSmppReceipts(trx, rows)
  return rows.map(() => null)
}

/** Receipts waiting long for their report are looked at less often (see deferWaitingReceipts). */
export function deferWaiting(deps: Deps, accountIds: readonly number[]): Promise<number> {
  return deps.groupCommit.run((trx) =>
    receipts.deferWaitingReceipts(trx, deps.dialect, {
      accountIds,
      nowMs: deps.clock.nowMs(),
      olderThanS: 10,
      limit: 10_000,
    }),
  )
}

export async function releaseReceipts(deps: Deps, owner: string, ids: readonly string[]) {
  if (ids.length === 0) return
  await deps.groupCommit.run((trx) => receipts.releaseSmppReceipts(trx, ids, owner))
}

export async function markReceiptsSent(deps: Deps, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  const at = unixSeconds(deps.clock)
  await deps.groupCommit.run((trx) => receipts.markSmppReceiptsSent(trx, ids, at))
}

/** Drops receipts taken a day ago, and any older than RECEIPT_KEEP_S. */
export async function purgeReceipts(deps: Deps): Promise<number> {
  const now = unixSeconds(deps.clock)
  return deps.groupCommit.run((trx) =>
    receipts.purgeSmppReceipts(trx, now - RECEIPT_KEEP_S, now - 86_400),
  )
}
