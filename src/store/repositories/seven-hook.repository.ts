import type { Insertable } from 'kysely'
import type { Db } from '../database.js'
import { deleteSevenMessage, findSevenMessages, insertSevenMessage } from './seven.repository.js'
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
/**
 * A message's seven facts for its status reports. A message sent through another API (no
 * facade id yet) gets its seven id here, when its first report is owed to a seven hook: a
 * customer of the seven.io API sees every message of the account, as seven's own hooks report
 * them, and can look it up by that id. One with another facade's id (the SMPP server's) has none.
 */
export async function sevenMessageOf(
  db: Db,
  accountId: number,
  uuid: string,
  nowS: number,
): Promise<{ sevenId: string; foreignId: string | null; phone: string } | null> {
  const sms = await db
    .selectFrom('sms')
    .select(['facade_id', 'phone'])
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .executeTakeFirst()
  if (!sms) return null
  if (sms.facade_id === null) {
    const id = await insertSevenMessage(db, {
      account_id: accountId,
      foreign_id: null,
      performance_tracking: 0,
      created_at: nowS,
    })
    const set = await db
      .updateTable('sms')
      .set({ facade_id: String(id) })
      .where('uuid', '=', uuid)
      .where('facade_id', 'is', null)
      .executeTakeFirst()
    if (Number(set.numUpdatedRows) === 1)
      return { sevenId: String(id), foreignId: null, phone: sms.phone }
    await deleteSevenMessage(db, id)
    return sevenMessageOf(db, accountId, uuid, nowS)
  }
  if (!/^\d{1,15}$/.test(sms.facade_id)) return null
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
