import type { Db } from '../database.js'
import type { SenderNumberRow, SenderNumberTable } from '../tables/sender-number.table.js'

export type NewSenderNumber = Omit<SenderNumberRow, 'id'>
type Patch = Partial<Omit<SenderNumberTable, 'id' | 'account_id' | 'number' | 'created_at'>>

export async function insertSenderNumber(db: Db, row: NewSenderNumber): Promise<SenderNumberRow> {
  return db.insertInto('sender_numbers').values(row).returningAll().executeTakeFirstOrThrow()
}

/** An account's numbers (null: every account's, for the operator), in id order. */
export async function listSenderNumbers(
  db: Db,
  accountId: number | null,
): Promise<SenderNumberRow[]> {
  let q = db.selectFrom('sender_numbers').selectAll()
  if (accountId !== null) q = q.where('account_id', '=', accountId)
  return q.orderBy('id').execute()
}

/** One number by id, of the given account only (null: any account, for the operator). */
export async function findSenderNumber(
  db: Db,
  id: number,
  accountId: number | null,
): Promise<SenderNumberRow | undefined> {
  let q = db.selectFrom('sender_numbers').selectAll().where('id', '=', id)
  if (accountId !== null) q = q.where('account_id', '=', accountId)
  return q.executeTakeFirst()
}

export async function findSenderNumberOf(
  db: Db,
  accountId: number,
  number: string,
): Promise<SenderNumberRow | undefined> {
  return db
    .selectFrom('sender_numbers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('number', '=', number)
    .executeTakeFirst()
}

export async function updateSenderNumber(
  db: Db,
  id: number,
  patch: Patch,
): Promise<SenderNumberRow | undefined> {
  return db
    .updateTable('sender_numbers')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteSenderNumber(
  db: Db,
  id: number,
  accountId: number | null,
): Promise<boolean> {
  let q = db.deleteFrom('sender_numbers').where('id', '=', id)
  if (accountId !== null) q = q.where('account_id', '=', accountId)
  const r = await q.executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/**
 * Takes one attempt at the open code of a pending number, in one statement, so that parallel
 * guesses cannot share an attempt. Undefined: no attempt was left (or no code open, or verified).
 */
export async function spendCodeAttempt(
  db: Db,
  o: { id: number; accountId: number; nowS: number },
): Promise<Pick<SenderNumberRow, 'code_hash' | 'code_expires_at' | 'attempts_left'> | undefined> {
  return db
    .updateTable('sender_numbers')
    .set((eb) => ({ attempts_left: eb('attempts_left', '-', 1), updated_at: o.nowS }))
    .where('id', '=', o.id)
    .where('account_id', '=', o.accountId)
    .where('verified_at', 'is', null)
    .where('code_hash', 'is not', null)
    .where('attempts_left', '>', 0)
    .returning(['code_hash', 'code_expires_at', 'attempts_left'])
    .executeTakeFirst()
}

/**
 * Who may receive replies to these numbers (E.164): the accounts that verified one as a sender,
 * and the account an inbound number is assigned to.
 */
export async function numberOwners(
  db: Db,
  numbers: readonly string[],
): Promise<{ number: string; account_id: number }[]> {
  if (numbers.length === 0) return []
  const verified = db
    .selectFrom('sender_numbers')
    .select(['number', 'account_id'])
    .where('number', 'in', numbers)
    .where('verified_at', 'is not', null)
  const inbound = db
    .selectFrom('inbound_numbers')
    .select(['number', 'account_id'])
    .where('number', 'in', numbers)
  const rows = await verified.unionAll(inbound).execute()
  return rows.map((r) => ({ number: r.number, account_id: Number(r.account_id) }))
}

export async function recordCodeSend(
  db: Db,
  row: { account_id: number; number: string; sent_at: number },
): Promise<void> {
  await db.insertInto('sender_code_sends').values(row).execute()
}

/** Codes sent since a time, by an account or to a number: their send times, oldest first. */
export async function codeSendsSince(
  db: Db,
  o: { accountId?: number; number?: string; sinceS: number },
): Promise<number[]> {
  let q = db.selectFrom('sender_code_sends').select('sent_at').where('sent_at', '>=', o.sinceS)
  if (o.accountId !== undefined) q = q.where('account_id', '=', o.accountId)
  if (o.number !== undefined) q = q.where('number', '=', o.number)
  return (await q.orderBy('sent_at').execute()).map((r) => Number(r.sent_at))
}
