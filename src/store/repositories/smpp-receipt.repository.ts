import { FINAL_STATES } from '../../domain/message/status.js'
import { sql } from 'kysely'
import type { Db, Dialect } from '../database.js'
import { idList } from '../id-list.js'
import { purgeOwed, releaseOwed, type OwedClaim } from './smpp-owed.repository.js'
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

/** The receipts a claim takes; exported so a test can read SQLite's plan for it. */
export function dueReceiptsQuery(
  db: Db,
  dialect: Dialect,
  o: Pick<OwedClaim, 'accountIds' | 'limit' | 'nowMs'>,
) {
  const due = db
    .selectFrom('smpp_receipts as r')
    .innerJoin('sms as s', 's.uuid', 'r.sms_uuid')
    .select('r.sms_uuid')
    .where('r.account_id', 'in', o.accountIds)
    .where('r.sent_at', 'is', null)
    .where('r.check_at', '<=', o.nowMs)
    .where('s.state', 'in', FINAL_STATES)
    // By check_at alone, as the index has it: also by created_at, SQLite sorted every candidate.
    .orderBy('r.check_at')
    .limit(o.limit)
  // Only the receipt rows: the message rows stay free for the receipts the carriers send.
  return dialect === 'postgres' ? due.forUpdate(['r']).skipLocked() : due
}

/** Claims up to `limit` of these accounts' untaken receipts whose message has reached a final state. */
export async function claimSmppReceipts(
  db: Db,
  dialect: Dialect,
  o: OwedClaim,
): Promise<DueSmppReceipt[]> {
  if (o.accountIds.length === 0) return []
  const claimed = await db
    .updateTable('smpp_receipts')
    .set({ check_at: o.nowMs + o.leaseMs, lease_owner: o.owner })
    .where('sms_uuid', 'in', dueReceiptsQuery(db, dialect, o))
    .returning(['sms_uuid', 'mode', 'created_at'])
    .execute()
  if (claimed.length === 0) return []
  const rows = await db
    .selectFrom('sms')
    .select([
      'uuid',
      'account_id',
      'facade_id',
      'phone',
      'sender_id',
      'text',
      'is_binary',
      'state',
      'dlr_code',
      'status_code',
      'parts_count',
      'created_at',
      'updated_at',
    ])
    .where(
      'uuid',
      'in',
      idList(
        db,
        claimed.map((c) => c.sms_uuid),
      ),
    )
    .execute()
  const byUuid = new Map(rows.map((r) => [r.uuid, r]))
  return claimed
    .sort((a, b) => Number(a.created_at) - Number(b.created_at))
    .flatMap(({ sms_uuid, mode }) => {
      const sms = byUuid.get(sms_uuid)
      return sms === undefined
        ? []
        : [
            {
              mode,
              sms: {
                ...sms,
                account_id: Number(sms.account_id),
                created_at: Number(sms.created_at),
                updated_at: Number(sms.updated_at),
              },
            },
          ]
    })
}

/**
 * Receipts whose message has waited longer than `olderThanS` for its carrier's report are looked
 * at again only after a quarter of their age, at most RECHECK_MAX_MS: a backlog of a million
 * receipts waiting for a slow carrier is then not read on every poll. How many were put off.
 */
export async function deferWaitingReceipts(
  db: Db,
  dialect: Dialect,
  o: { accountIds: readonly number[]; nowMs: number; olderThanS: number; limit: number },
): Promise<number> {
  if (o.accountIds.length === 0) return 0
  const nowS = Math.floor(o.nowMs / 1000)
  const waiting = db
    .selectFrom('smpp_receipts as r')
    .innerJoin('sms as s', 's.uuid', 'r.sms_uuid')
    .select('r.sms_uuid')
    .where('r.account_id', 'in', o.accountIds)
    .where('r.sent_at', 'is', null)
    .where('r.check_at', '<=', o.nowMs)
    .where('r.created_at', '<', nowS - o.olderThanS)
    .where('s.state', 'not in', FINAL_STATES)
    .limit(o.limit)
  const capS = (RECHECK_MAX_MS / 1000) * 4
  const res = await db
    .updateTable('smpp_receipts')
    .set({
      check_at: sql<number>`${o.nowMs} + case when created_at < ${nowS - capS} then ${RECHECK_MAX_MS} else (${nowS} - created_at) * 250 end`,
    })
    .where(
      'sms_uuid',
      'in',
      dialect === 'postgres' ? waiting.forUpdate(['r']).skipLocked() : waiting,
    )
    .executeTakeFirst()
  return Number(res.numUpdatedRows)
}

/** The longest a receipt whose message is still waiting goes unread. */
export const RECHECK_MAX_MS = 120_000

export async function markSmppReceiptsSent(
  db: Db,
  uuids: readonly string[],
  at: number,
): Promise<void> {
  if (uuids.length === 0) return
  await db
    .updateTable('smpp_receipts')
    .set({ sent_at: at, lease_owner: null })
    .where('sms_uuid', 'in', idList(db, uuids))
    .execute()
}

/** Gives back receipts this owner claimed but could not send, for the next look. */
export function releaseSmppReceipts(
  db: Db,
  uuids: readonly string[],
  owner: string,
): Promise<void> {
  return releaseOwed(db, 'smpp_receipts', 'sms_uuid', uuids, owner)
}

/** Drops those taken before `sentBefore`, and any recorded before `before`. */
export function purgeSmppReceipts(db: Db, before: number, sentBefore: number): Promise<number> {
  return purgeOwed(db, 'smpp_receipts', before, sentBefore)
}
