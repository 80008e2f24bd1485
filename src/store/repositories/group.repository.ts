import { sql, type ExpressionBuilder } from 'kysely'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Database, Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { GroupRow, GroupTable } from '../tables/group.table.js'

// A group whose deleted_at has passed counts as deleted: every read here leaves it out, and
// purgeExpiredGroups removes it (and its phones, through the phone repository) for good.

export type GroupFilterProperty = 'id' | 'name'

const COLUMNS: ColumnMap<GroupFilterProperty> = { id: 'id', name: 'name' }

export type NewGroup = Omit<GroupTable, 'id' | 'count_items'>
export type GroupValues = Pick<
  GroupTable,
  'name' | 'description' | 'name_a' | 'name_b' | 'name_c' | 'name_d' | 'name_e' | 'deleted_at'
>

/** Not expired at `nowS`. */
function live(nowS: number) {
  return (eb: ExpressionBuilder<Database, 'groups'>) =>
    eb.or([eb('groups.deleted_at', 'is', null), eb('groups.deleted_at', '>', nowS)])
}

export async function insertGroup(db: Db, g: NewGroup): Promise<GroupRow> {
  return db.insertInto('groups').values(g).returningAll().executeTakeFirstOrThrow()
}

export async function findGroup(
  db: Db,
  accountId: number,
  id: number,
  nowS: number,
): Promise<GroupRow | undefined> {
  return db
    .selectFrom('groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where(live(nowS))
    .executeTakeFirst()
}

/**
 * The account's groups among `ids`, for bulks (their column names, and whether they exist).
 * With `nowS`, expired groups are left out; without it they are returned until purged.
 */
export async function findGroupsOfAccount(
  db: Db,
  accountId: number,
  ids: readonly number[],
  nowS?: number,
): Promise<GroupRow[]> {
  if (ids.length === 0) return []
  let q = db
    .selectFrom('groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', [...ids])
  if (nowS !== undefined) q = q.where(live(nowS))
  return q.orderBy('id').execute()
}

/** Id and name of every live group of the account, for GET /me (spec §6, G-25). */
export async function groupNamesOfAccount(
  db: Db,
  accountId: number,
  nowS: number,
): Promise<{ id: number; name: string }[]> {
  const rows = await db
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .where(live(nowS))
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.name }))
}

export async function listGroups(
  db: Db,
  dialect: Dialect,
  accountId: number,
  nowS: number,
  query: ParsedQuery<GroupFilterProperty>,
): Promise<{ rows: GroupRow[]; total: number }> {
  const where = whereConditions(query.conditions, COLUMNS, dialect)
  let base = db.selectFrom('groups').where('account_id', '=', accountId).where(live(nowS))
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, COLUMNS, 'id'), query.page)
}

export async function updateGroup(
  db: Db,
  accountId: number,
  id: number,
  nowS: number,
  values: Partial<GroupValues> & { updated_at: number },
): Promise<GroupRow | undefined> {
  return db
    .updateTable('groups')
    .set(values)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where(live(nowS))
    .returningAll()
    .executeTakeFirst()
}

/**
 * Moves count_items by `delta` as phones are added or removed. Returns false when the group does
 * not exist (or has expired), so the caller rolls back. In PostgreSQL the update also locks the
 * group row, so a concurrent delete of the group waits for the phones' transaction.
 */
export async function addToCount(
  db: Db,
  accountId: number,
  id: number,
  nowS: number,
  delta: number,
): Promise<boolean> {
  const r = await db
    .updateTable('groups')
    .set({ count_items: sql`count_items + ${delta}` })
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where(live(nowS))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Deletes a live group; its phones are deleted by the caller in the same transaction. */
export async function deleteGroup(
  db: Db,
  accountId: number,
  id: number,
  nowS: number,
): Promise<boolean> {
  const r = await db
    .deleteFrom('groups')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where(live(nowS))
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** The account's groups whose deleted_at has passed; an account has few groups, no index needed. */
export async function expiredGroupIds(db: Db, accountId: number, nowS: number): Promise<number[]> {
  const rows = await db
    .selectFrom('groups')
    .select('id')
    .where('account_id', '=', accountId)
    .where('deleted_at', '<=', nowS)
    .execute()
  return rows.map((r) => Number(r.id))
}

export async function deleteGroupsById(db: Db, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0
  const r = await db
    .deleteFrom('groups')
    .where('id', 'in', [...ids])
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}
