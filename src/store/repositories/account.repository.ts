import { sql } from 'kysely'
import type { Db } from '../database.js'
import type { AccountRow, AccountUpdate, NewAccountRow } from '../tables/account.table.js'
import { bound, statement } from '../statement.js'

export async function insertAccount(db: Db, row: NewAccountRow): Promise<void> {
  await db.insertInto('accounts').values(row).execute()
}

export async function findAccount(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listAccounts(db: Db): Promise<AccountRow[]> {
  return db.selectFrom('accounts').selectAll().orderBy('id').execute()
}

export async function countAccounts(db: Db): Promise<number> {
  const r = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function updateAccount(db: Db, id: number, patch: AccountUpdate): Promise<boolean> {
  const r = await db.updateTable('accounts').set(patch).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

const RESERVE_FUNDS = statement`
  update accounts set balance_micro = balance_micro - ${'amountMicro'}, balance_changed_at = ${'at'}
  where id = ${'accountId'} and balance_micro + credit_limit_micro >= ${'amountMicro'}
  returning balance_micro`

/**
 * Takes `amount` from the account only if balance plus credit line covers it, in one statement,
 * so two concurrent sends can never overdraw. Returns the new balance, or null when refused.
 */
export async function reserveFunds(
  db: Db,
  accountId: number,
  amountMicro: number,
  at: number,
): Promise<number | null> {
  const r = await db.executeQuery<{ balance_micro: number }>(
    bound(db, RESERVE_FUNDS, { accountId, amountMicro, at }),
  )
  return r.rows[0] === undefined ? null : Number(r.rows[0].balance_micro)
}

/** Adds to the balance (a top-up, or a refund of reserved funds); returns the new balance. */
export async function creditFunds(
  db: Db,
  accountId: number,
  amountMicro: number,
  at: number,
): Promise<number | null> {
  const r = await db
    .updateTable('accounts')
    .set({ balance_micro: sql`balance_micro + ${amountMicro}`, balance_changed_at: at })
    .where('id', '=', accountId)
    .returning('balance_micro')
    .executeTakeFirst()
  return r === undefined ? null : Number(r.balance_micro)
}
