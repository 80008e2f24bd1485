import type { Db } from '../database.js'
import type { ApiKeyRow, ApiKeyTable } from '../tables/account.table.js'
import type { Insertable, Updateable } from 'kysely'

export async function insertApiKey(db: Db, row: Insertable<ApiKeyTable>): Promise<number> {
  const r = await db.insertInto('api_keys').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function findApiKeyByHash(db: Db, tokenHash: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
}

export async function findApiKey(db: Db, id: number): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listApiKeys(db: Db, accountId: number): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
}

export async function setApiKeyActive(db: Db, id: number, active: boolean): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ is_active: active ? 1 : 0 })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export async function touchApiKey(db: Db, id: number, at: number, ip: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at, last_used_ip: ip })
    .where('id', '=', id)
    .execute()
}

export async function updateApiKey(
  db: Db,
  id: number,
  patch: Updateable<ApiKeyTable>,
): Promise<boolean> {
  if (Object.keys(patch).length === 0) return (await findApiKey(db, id)) !== undefined
  const r = await db.updateTable('api_keys').set(patch).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Deletes one of an account's keys; false when the account has no such key. */
/** The operator's delete: any account's key. */
export async function deleteApiKey(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function deleteAccountApiKey(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('api_keys')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
