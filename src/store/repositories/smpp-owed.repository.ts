import { sql } from 'kysely'
import type { Db } from '../database.js'
import { idList } from '../id-list.js'

/**
 * What the SMPP server owes its ESMEs (receipts, inbound SMS): drops what was taken before
 * `sentBefore`, and anything recorded before `before`, taken or not. How many went.
 */
export async function purgeOwed(
  db: Db,
  table: 'smpp_receipts' | 'smpp_mo',
  before: number,
  sentBefore: number,
): Promise<number> {
  const res = await db
    .deleteFrom(table)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', before),
        eb.and([eb('sent_at', 'is not', null), eb('sent_at', '<', sentBefore)]),
      ]),
    )
    .executeTakeFirst()
  return Number(res.numDeletedRows)
}

/** A claim of what is owed to these accounts' receivers, leased to `owner` for `leaseMs`. */
export type OwedClaim = {
  accountIds: readonly number[]
  limit: number
  owner: string
  nowMs: number
  leaseMs: number
}

/** Ends the leases of these rows, still untaken, held by `owner`: they are due again at once. */
export async function releaseOwed(
  db: Db,
  table: 'smpp_receipts' | 'smpp_mo',
  key: 'sms_uuid' | 'incoming_uuid',
  ids: readonly string[],
  owner: string,
): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable(table)
    .set({ check_at: 0, lease_owner: null })
    .where(sql.ref(key), 'in', idList(db, ids))
    .where('lease_owner', '=', owner)
    .where('sent_at', 'is', null)
    .execute()
}
