import type { Db } from '../database.js'
import type { MessaggiTokenRow, MessaggiTokenTable } from '../tables/messaggi.table.js'
import type { Insertable } from 'kysely'

export async function insertMessaggiToken(
  db: Db,
  row: Insertable<MessaggiTokenTable>,
): Promise<number> {
  const r = await db
    .insertInto('messaggi_tokens')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function findMessaggiTokenByHash(
  db: Db,
  hash: string,
): Promise<MessaggiTokenRow | undefined> {
  return db
    .selectFrom('messaggi_tokens')
    .selectAll()
    .where('token_hash', '=', hash)
    .executeTakeFirst()
}

export async function listMessaggiTokens(db: Db, accountId: number): Promise<MessaggiTokenRow[]> {
  return db
    .selectFrom('messaggi_tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
}

/** Whether the account had the token. */
export async function deleteMessaggiToken(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('messaggi_tokens')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
