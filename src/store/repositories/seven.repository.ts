import { sql } from 'kysely'
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

export async function deleteExpiredNonces(db: Db, keyId: number, nowS: number): Promise<void> {
  await db
    .deleteFrom('seven_nonces')
    .where('key_id', '=', keyId)
    .where('expires_at', '<', nowS)
    .execute()
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

export async function deleteSevenMessage(db: Db, id: number): Promise<void> {
  await db.deleteFrom('seven_messages').where('id', '=', id).execute()
}

/** The account's messages with these seven ids (sms.facade_id). */
export async function findSmsByFacadeIds(
  db: Db,
  accountId: number,
  facadeIds: readonly string[],
): Promise<{ uuid: string; facade_id: string; state: string }[]> {
  if (facadeIds.length === 0) return []
  const rows = await db
    .selectFrom('sms')
    .select(['uuid', 'facade_id', 'state'])
    .where('account_id', '=', accountId)
    .where('facade_id', 'in', [...facadeIds])
    .execute()
  return rows.map((r) => ({ uuid: r.uuid, facade_id: r.facade_id!, state: r.state }))
}

/**
 * How many messages the account sent to a number since a time, optionally only those with this
 * text; served by the index on (phone, created_at).
 */
export async function countSmsTo(
  db: Db,
  q: { accountId: number; phone: string; sinceS: number; text?: string },
): Promise<number> {
  let query = db
    .selectFrom('sms')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('phone', '=', q.phone)
    .where('created_at', '>=', q.sinceS)
    .where('account_id', '=', q.accountId)
    .where('state', '!=', 'cancelled')
  if (q.text !== undefined) query = query.where('text', '=', q.text)
  const r = await query.executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * The subscribed numbers of the account's live groups of this name (any case), at most `limit`.
 */
export async function phonesOfGroupNamed(
  db: Db,
  q: { accountId: number; name: string; nowS: number; limit: number },
): Promise<{ found: boolean; phones: string[] }> {
  const groups = await db
    .selectFrom('groups')
    .select('id')
    .where('account_id', '=', q.accountId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', q.name.toLowerCase()))
    .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('deleted_at', '>', q.nowS)]))
    .execute()
  if (groups.length === 0) return { found: false, phones: [] }
  const rows = await db
    .selectFrom('phones')
    .select('phone')
    .distinct()
    .where('account_id', '=', q.accountId)
    .where(
      'group_id',
      'in',
      groups.map((g) => g.id),
    )
    .where('unsubscribed_at', 'is', null)
    .orderBy('phone')
    .limit(q.limit)
    .execute()
  return { found: true, phones: rows.map((r) => r.phone) }
}

/**
 * Numbers of the account's subscribed contacts (group entries) of this name, any case: the first
 * column (a, first name), or the first and second (a b, first and last name).
 */
export async function phonesOfContactNamed(
  db: Db,
  q: { accountId: number; name: string; nowS: number; limit: number },
): Promise<string[]> {
  const name = q.name.toLowerCase()
  const rows = await db
    .selectFrom('phones')
    .innerJoin('groups', 'groups.id', 'phones.group_id')
    .select('phones.phone')
    .distinct()
    .where('phones.account_id', '=', q.accountId)
    .where('phones.unsubscribed_at', 'is', null)
    .where((eb) =>
      eb.or([eb('groups.deleted_at', 'is', null), eb('groups.deleted_at', '>', q.nowS)]),
    )
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['phones.a']), '=', name),
        eb(
          eb.fn('lower', [sql`${sql.ref('phones.a')} || ' ' || ${sql.ref('phones.b')}`]),
          '=',
          name,
        ),
      ]),
    )
    .orderBy('phones.phone')
    .limit(q.limit)
    .execute()
  return rows.map((r) => r.phone)
}
