import type { Insertable } from 'kysely'
import type { Db } from '../database.js'
import { findSevenMessages } from './seven.repository.js'
import type { SevenHookRow, SevenHookTable } from '../tables/seven-hook.table.js'

export async function insertSevenHook(
  db: Db,
  row: Insertable<SevenHookTable>,
): Promise<SevenHookRow> {
  return db.insertInto('seven_hooks').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function countSevenHooks(db: Db, accountId: number): Promise<number> {
  const r = await db
    .selectFrom('seven_hooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** An account has at most five (services/seven-hooks): no paging. */
export async function listSevenHooks(db: Db, accountId: number): Promise<SevenHookRow[]> {
  return db
    .selectFrom('seven_hooks')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
}

export async function deleteSevenHook(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('seven_hooks')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** The deliveries still waiting for a removed hook are dropped: it asked for no more calls. */
export async function dropSevenHookDeliveries(
  db: Db,
  accountId: number,
  targetKey: string,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ state: 'failed', updated_at: nowMs, lease_owner: null, lease_expires_at: null })
    .where('account_id', '=', accountId)
    .where('target_key', '=', targetKey)
    .where('state', '=', 'pending')
    .execute()
}

/** The seven id and foreign_id of an account's message, for its status callbacks. */
export async function sevenMessageOf(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<{ sevenId: string; foreignId: string | null; phone: string } | null> {
  const sms = await db
    .selectFrom('sms')
    .select(['facade_id', 'phone'])
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .executeTakeFirst()
  // Messages of the other APIs have no seven id (or one of another facade, not numeric).
  if (!sms || sms.facade_id === null || !/^\d{1,15}$/.test(sms.facade_id)) return null
  const [seven] = await findSevenMessages(db, accountId, [Number(sms.facade_id)])
  if (seven === undefined) return null
  return { sevenId: sms.facade_id, foreignId: seven.foreign_id, phone: sms.phone }
}

/** The signing secret of a key, null when it has none (or is gone). */
export async function signingSecretOf(db: Db, keyId: number): Promise<string | null> {
  const row = await db
    .selectFrom('api_keys')
    .select('signing_secret')
    .where('id', '=', keyId)
    .executeTakeFirst()
  return row?.signing_secret ?? null
}
