import type { Db } from '../database.js'
import type { SenderIdRow } from '../tables/sender-id.table.js'

/** An account's stored sender ids, in slot order. */
export async function listSenderIds(db: Db, accountId: number): Promise<SenderIdRow[]> {
  return db
    .selectFrom('sender_ids')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('slot')
    .execute()
}

export async function findSenderId(
  db: Db,
  accountId: number,
  slot: number,
): Promise<SenderIdRow | undefined> {
  return db
    .selectFrom('sender_ids')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('slot', '=', slot)
    .executeTakeFirst()
}

/** Stores the slot's sender id, replacing what it held. */
export async function upsertSenderId(db: Db, row: SenderIdRow): Promise<SenderIdRow> {
  return db
    .insertInto('sender_ids')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'slot'])
        .doUpdateSet({ sender_id: row.sender_id, updated_at: row.updated_at }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Whether the slot held a sender id. */
export async function deleteSenderId(db: Db, accountId: number, slot: number): Promise<boolean> {
  const r = await db
    .deleteFrom('sender_ids')
    .where('account_id', '=', accountId)
    .where('slot', '=', slot)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
