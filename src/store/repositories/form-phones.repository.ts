import type { Db } from '../database.js'
import type { PhoneRow } from '../tables/group.table.js'

// What a campaign's subscribe and unsubscribe forms do to the phones of a group.

/** The entries of a phone in one group of the account. */
export async function phoneEntriesInGroup(
  db: Db,
  o: { accountId: number; groupId: number; phone: string },
): Promise<PhoneRow[]> {
  return db
    .selectFrom('phones')
    .selectAll()
    .where('account_id', '=', o.accountId)
    .where('group_id', '=', o.groupId)
    .where('phone', '=', o.phone)
    .execute()
}

/** Subscribed again: the entries take the new subscription and lose the old opt-out. */
export async function resubscribePhone(
  db: Db,
  o: { accountId: number; groupId: number; phone: string; atS: number },
): Promise<number> {
  const r = await db
    .updateTable('phones')
    .set({ subscribed_at: o.atS, unsubscribed_at: null, unsubscribe_reason: null })
    .where('account_id', '=', o.accountId)
    .where('group_id', '=', o.groupId)
    .where('phone', '=', o.phone)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/**
 * Opted out: the phone's entries in the group, or in every group of the account when
 * `groupId` is null; entries already opted out keep their first time and reason.
 */
export async function optOutPhone(
  db: Db,
  o: { accountId: number; groupId: number | null; phone: string; atS: number; reason: number },
): Promise<number> {
  let q = db
    .updateTable('phones')
    .set({ unsubscribed_at: o.atS, unsubscribe_reason: o.reason })
    .where('account_id', '=', o.accountId)
    .where('phone', '=', o.phone)
    .where('unsubscribed_at', 'is', null)
  if (o.groupId !== null) q = q.where('group_id', '=', o.groupId)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}
