import type { Db } from '../database.js'
import type { SevenMessageRow } from '../tables/seven.table.js'

/** Records a nonce; false when the key used it before (a replayed request). */
export async function insertNonce(
  db: Db,
  row: { key_id: number; nonce: string; expires_at: number },
): Promise<boolean> {
  const r = await db
    .insertInto('seven_nonces')
    .values(row)
    .onConflict((oc) => oc.columns(['key_id', 'nonce']).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function deleteExpiredNonces(db: Db, nowS: number): Promise<void> {
  await db.deleteFrom('seven_nonces').where('expires_at', '<', nowS).execute()
}

/** A new message id of the seven.io API; the message row gets it as its facade_id. */
export async function insertSevenMessage(
  db: Db,
  row: {
    account_id: number
    foreign_id: string | null
    performance_tracking: number
    created_at: number
  },
): Promise<number> {
  const r = await db
    .insertInto('seven_messages')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function findSevenMessages(
  db: Db,
  accountId: number,
  ids: readonly number[],
): Promise<SevenMessageRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('seven_messages')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute()
}
