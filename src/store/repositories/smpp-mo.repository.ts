import type { Db } from '../database.js'
import { purgeOwed } from './smpp-owed.repository.js'
import type { IncomingRow } from '../tables/incoming.table.js'

/** Whether the account has an active key of type smpp: its inbound SMS go to its binds too. */
export async function hasSmppKey(db: Db, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('api_keys')
    .select('id')
    .where('account_id', '=', accountId)
    .where('type', '=', 'smpp')
    .where('is_active', '=', 1)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertSmppMo(
  db: Db,
  row: { incoming_uuid: string; account_id: number; created_at: number },
): Promise<void> {
  await db
    .insertInto('smpp_mo')
    .values({ ...row, sent_at: null })
    .execute()
}

/** Inbound SMS not yet taken by a receiver of these accounts, oldest first. */
export async function dueSmppMo(
  db: Db,
  accountIds: readonly number[],
  limit: number,
): Promise<Pick<IncomingRow, 'uuid' | 'account_id' | 'from_addr' | 'to_addr' | 'text'>[]> {
  if (accountIds.length === 0) return []
  const rows = await db
    .selectFrom('smpp_mo as m')
    .innerJoin('incomings as i', 'i.uuid', 'm.incoming_uuid')
    .select(['i.uuid', 'i.account_id', 'i.from_addr', 'i.to_addr', 'i.text'])
    .where('m.account_id', 'in', accountIds)
    .where('m.sent_at', 'is', null)
    .orderBy('m.created_at')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    ...r,
    account_id: r.account_id === null ? null : Number(r.account_id),
  }))
}

export async function markSmppMoSent(db: Db, uuids: readonly string[], at: number): Promise<void> {
  if (uuids.length === 0) return
  await db.updateTable('smpp_mo').set({ sent_at: at }).where('incoming_uuid', 'in', uuids).execute()
}

/** Drops those taken before `sentBefore`, and any recorded before `before`. */
export function purgeSmppMo(db: Db, before: number, sentBefore: number): Promise<number> {
  return purgeOwed(db, 'smpp_mo', before, sentBefore)
}
