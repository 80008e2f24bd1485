import type { Db, Dialect } from '../database.js'
import { idList } from '../id-list.js'
import { purgeOwed, releaseOwed, type OwedClaim } from './smpp-owed.repository.js'
import type { IncomingRow } from '../tables/incoming.table.js'

/** Whether the account has an active key of type smpp: its inbound SMS go to its binds too. */
export async function hasSmppKey(db: Db, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('api_keys')
    .select('id')
    .where('account_id', '=', accountId)
    .where('type', '=', 'smpp')
    .where('is_active', '=', 1)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertSmppMo(
  db: Db,
  row: { incoming_uuid: string; account_id: number; created_at: number },
): Promise<void> {
  await db
    .insertInto('smpp_mo')
    .values({ ...row, sent_at: null })
    .execute()
}

/** Claims up to `limit` inbound SMS not yet taken by a receiver of these accounts, oldest first. */
export async function claimSmppMo(
  db: Db,
  dialect: Dialect,
  o: OwedClaim,
): Promise<Pick<IncomingRow, 'uuid' | 'account_id' | 'from_addr' | 'to_addr' | 'text'>[]> {
  if (o.accountIds.length === 0) return []
  const due = db
    .selectFrom('smpp_mo')
    .select('incoming_uuid')
    .where('account_id', 'in', o.accountIds)
    .where('sent_at', 'is', null)
    .where('check_at', '<=', o.nowMs)
    .orderBy('check_at')
    .limit(o.limit)
  const claimed = await db
    .updateTable('smpp_mo')
    .set({ check_at: o.nowMs + o.leaseMs, lease_owner: o.owner })
    .where('incoming_uuid', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returning('incoming_uuid')
    .execute()
  if (claimed.length === 0) return []
  const rows = await db
    .selectFrom('incomings')
    .select(['uuid', 'account_id', 'from_addr', 'to_addr', 'text', 'id'])
    .where(
      'uuid',
      'in',
      idList(
        db,
        claimed.map((c) => c.incoming_uuid),
      ),
    )
    .execute()
  return rows
    .sort((a, b) => a.id - b.id)
    .map(({ id: _, ...r }) => ({
      ...r,
      account_id: r.account_id === null ? null : Number(r.account_id),
    }))
}

export function releaseSmppMo(db: Db, uuids: readonly string[], owner: string): Promise<void> {
  return releaseOwed(db, 'smpp_mo', 'incoming_uuid', uuids, owner)
}

export async function markSmppMoSent(db: Db, uuids: readonly string[], at: number): Promise<void> {
  if (uuids.length === 0) return
  await db
    .updateTable('smpp_mo')
    .set({ sent_at: at, lease_owner: null })
    .where('incoming_uuid', 'in', idList(db, uuids))
    .execute()
}

/** Drops those taken before `sentBefore`, and any recorded before `before`. */
export function purgeSmppMo(db: Db, before: number, sentBefore: number): Promise<number> {
  return purgeOwed(db, 'smpp_mo', before, sentBefore)
}
