import type { Db } from '../database.js'

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
