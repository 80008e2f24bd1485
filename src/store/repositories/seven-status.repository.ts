import type { Db } from '../database.js'

export type SevenStatusRow = {
  facade_id: string | null
  dlr_code: number
  status_code: number
  updated_at: number
}

/** An account's messages by their seven ids (index sms_account_facade_id, migration 0020). */
export async function findSevenStatuses(
  db: Db,
  accountId: number,
  ids: readonly string[],
): Promise<SevenStatusRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('sms')
    .select(['facade_id', 'dlr_code', 'status_code', 'updated_at'])
    .where('account_id', '=', accountId)
    .where('facade_id', 'in', ids)
    .execute()
}
