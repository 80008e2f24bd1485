import type { Db } from '../database.js'
import type { KannelDlrUrlRow } from '../tables/kannel-dlr-url.table.js'

export async function insertKannelDlrUrls(db: Db, rows: KannelDlrUrlRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('kannel_dlr_urls').values(rows).execute()
}

/** One primary-key lookup per delivery report of an account that uses mode B. */
export async function findKannelDlrUrl(db: Db, smsUuid: string): Promise<KannelDlrUrlRow | null> {
  const row = await db
    .selectFrom('kannel_dlr_urls')
    .selectAll()
    .where('sms_uuid', '=', smsUuid)
    .executeTakeFirst()
  return row ?? null
}

/** Removes the report URLs stored before `before` (unix s); how many went. */
export async function purgeKannelDlrUrls(db: Db, before: number): Promise<number> {
  const r = await db
    .deleteFrom('kannel_dlr_urls')
    .where('created_at', '<', before)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}
