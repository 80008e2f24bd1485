import type { Db } from '../database.js'
import type { SevenFileRow, SevenFileTable } from '../tables/seven-file.table.js'
import type { Insertable } from 'kysely'

export async function insertSevenFiles(
  db: Db,
  rows: readonly Insertable<SevenFileTable>[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('seven_files')
      .values([...rows])
      .execute()
}

/** A file by its code, whoever's: the download page is reached by the code alone. */
export async function findSevenFile(db: Db, code: string): Promise<SevenFileRow | null> {
  const row = await db
    .selectFrom('seven_files')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst()
  return row ?? null
}

/** One wrong password more; past `max` the file is locked until `lockUntil` and counts afresh. */
export async function recordWrongPassword(
  db: Db,
  code: string,
  o: { max: number; lockUntil: number },
): Promise<{ locked: boolean }> {
  const row = await db
    .updateTable('seven_files')
    .set((eb) => ({ failed_count: eb('failed_count', '+', 1) }))
    .where('code', '=', code)
    .returning(['failed_count'])
    .executeTakeFirst()
  if (!row || Number(row.failed_count) < o.max) return { locked: false }
  await db
    .updateTable('seven_files')
    .set({ failed_count: 0, locked_until: o.lockUntil })
    .where('code', '=', code)
    .execute()
  return { locked: true }
}

/** The right password: wrong guesses before it no longer count. */
export async function clearWrongPasswords(db: Db, code: string): Promise<void> {
  await db
    .updateTable('seven_files')
    .set({ failed_count: 0 })
    .where('code', '=', code)
    .where('failed_count', '>', 0)
    .execute()
}

export async function deleteSevenFiles(db: Db, codes: readonly string[]): Promise<void> {
  if (codes.length > 0) await db.deleteFrom('seven_files').where('code', 'in', codes).execute()
}

/** Removes the files whose validity ended before `now` (unix s); how many went. */
export async function purgeExpiredSevenFiles(db: Db, now: number): Promise<number> {
  const r = await db.deleteFrom('seven_files').where('expires_at', '<=', now).executeTakeFirst()
  return Number(r.numDeletedRows)
}
