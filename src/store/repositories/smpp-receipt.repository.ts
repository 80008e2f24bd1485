import { FINAL_STATES } from '../../domain/message/status.js'
import type { Db } from '../database.js'
import { purgeOwed } from './smpp-owed.repository.js'
import type { SmsRow } from '../tables/sms.table.js'

export type DueSmppReceipt = {
  mode: number
  sms: Pick<
    SmsRow,
    | 'uuid'
    | 'account_id'
    | 'facade_id'
    | 'phone'
    | 'sender_id'
    | 'text'
    | 'is_binary'
    | 'state'
    | 'dlr_code'
    | 'status_code'
    | 'parts_count'
    | 'created_at'
    | 'updated_at'
  >
}

export async function insertSmppReceipts(
  db: Db,
  rows: readonly { sms_uuid: string; account_id: number; mode: number; created_at: number }[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('smpp_receipts')
    .values(rows.map((r) => ({ ...r, sent_at: null })))
    .execute()
}

/** Receipts not yet taken whose message has reached a final state, oldest first. */
export async function dueSmppReceipts(
  db: Db,
  accountIds: readonly number[],
  limit: number,
): Promise<DueSmppReceipt[]> {
  if (accountIds.length === 0) return []
  const rows = await db
    .selectFrom('smpp_receipts as r')
    .innerJoin('sms as s', 's.uuid', 'r.sms_uuid')
    .select([
      'r.mode',
      's.uuid',
      's.account_id',
      's.facade_id',
      's.phone',
      's.sender_id',
      's.text',
      's.is_binary',
      's.state',
      's.dlr_code',
      's.status_code',
      's.parts_count',
      's.created_at',
      's.updated_at',
    ])
    .where('r.account_id', 'in', accountIds)
    .where('r.sent_at', 'is', null)
    .where('s.state', 'in', FINAL_STATES)
    .orderBy('r.created_at')
    .limit(limit)
    .execute()
  return rows.map(({ mode, ...sms }) => ({
    mode,
    sms: {
      ...sms,
      account_id: Number(sms.account_id),
      created_at: Number(sms.created_at),
      updated_at: Number(sms.updated_at),
    },
  }))
}

export async function markSmppReceiptsSent(
  db: Db,
  uuids: readonly string[],
  at: number,
): Promise<void> {
  if (uuids.length === 0) return
  await db
    .updateTable('smpp_receipts')
    .set({ sent_at: at })
    .where('sms_uuid', 'in', uuids)
    .execute()
}

/** Drops those taken before `sentBefore`, and any recorded before `before`. */
export function purgeSmppReceipts(db: Db, before: number, sentBefore: number): Promise<number> {
  return purgeOwed(db, 'smpp_receipts', before, sentBefore)
}
