import type { Db } from '../database.js'

/** A session ended by a logout, kept until `expiresAt` (unix s); ending it again changes nothing. */
export async function insertEndedSession(db: Db, nonce: string, expiresAt: number): Promise<void> {
  await db
    .insertInto('ended_sessions')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .execute()
}

export async function isEndedSession(db: Db, nonce: string): Promise<boolean> {
  const row = await db
    .selectFrom('ended_sessions')
    .select('nonce')
    .where('nonce', '=', nonce)
    .executeTakeFirst()
  return row !== undefined
}

/** Sessions past their expiry are refused by it alone: their rows can go. */
export async function deleteExpiredEndedSessions(db: Db, nowS: number): Promise<void> {
  await db.deleteFrom('ended_sessions').where('expires_at', '<=', nowS).execute()
}
