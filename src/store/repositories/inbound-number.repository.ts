import type { Db } from '../database.js'
import type { InboundNumberRow } from '../tables/incoming.table.js'

export type NewInboundNumber = Omit<InboundNumberRow, 'id'>

export async function insertInboundNumber(
  db: Db,
  row: NewInboundNumber,
): Promise<InboundNumberRow> {
  return db.insertInto('inbound_numbers').values(row).returningAll().executeTakeFirstOrThrow()
}

/** An operator has at most some thousands of numbers: one list, in id order. */
export async function listInboundNumbers(
  db: Db,
  accountId: number | null,
): Promise<InboundNumberRow[]> {
  let q = db.selectFrom('inbound_numbers').selectAll()
  if (accountId !== null) q = q.where('account_id', '=', accountId)
  return q.orderBy('id').execute()
}

export async function findInboundNumber(db: Db, id: number): Promise<InboundNumberRow | undefined> {
  return db.selectFrom('inbound_numbers').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findInboundNumberByNumber(
  db: Db,
  number: string,
): Promise<InboundNumberRow | undefined> {
  return db
    .selectFrom('inbound_numbers')
    .selectAll()
    .where('number', '=', number)
    .executeTakeFirst()
}

export async function updateInboundNumber(
  db: Db,
  id: number,
  patch: Partial<
    Pick<InboundNumberRow, 'account_id' | 'endpoint' | 'kannel_mo_url' | 'updated_at'>
  >,
): Promise<InboundNumberRow | undefined> {
  return db
    .updateTable('inbound_numbers')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteInboundNumber(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('inbound_numbers').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
