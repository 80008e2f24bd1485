import { sql } from 'kysely'
import type { Db, Dialect } from '../database.js'
import type { PhoneRow } from '../tables/group.table.js'

// What a bulk will be made of, read as domain/bulk/recipient-rule.ts says: a group's phone counts
// only as the first entry of its number among the bulk's groups (earlier groups, then lower ids
// of its own group; subscribed ones only). Each lookup goes along phones_account_phone.

/** The groups a bulk walks before this one, and the group itself. */
export type GroupScope = { accountId: number; groupId: number; earlierGroupIds: readonly number[] }

function isFirstEntry(s: GroupScope) {
  const earlier = s.earlierGroupIds.length > 0 ? sql`q.group_id in (${sql.join([...s.earlierGroupIds])}) or ` : sql``
  return sql`p.unsubscribed_at is null and not exists (
    select 1 from phones q
    where q.account_id = ${s.accountId} and q.phone = p.phone and q.unsubscribed_at is null
      and (${earlier}(q.group_id = p.group_id and q.id < p.id)))`
}

/** Of the given numbers, those a subscribed entry of the groups holds. */
export async function numbersInGroups(
  db: Db,
  p: { accountId: number; groupIds: readonly number[]; phones: readonly string[] },
): Promise<Set<string>> {
  const found = new Set<string>()
  if (p.groupIds.length === 0) return found
  // 500 numbers per statement: well inside SQLite's and PostgreSQL's limits on parameters.
  for (let i = 0; i < p.phones.length; i += 500) {
    const rows = await db
      .selectFrom('phones')
      .select('phone')
      .distinct()
      .where('account_id', '=', p.accountId)
      .where('phone', 'in', p.phones.slice(i, i + 500))
      .where('group_id', 'in', [...p.groupIds])
      .where('unsubscribed_at', 'is', null)
      .execute()
    for (const r of rows) found.add(r.phone)
  }
  return found
}

/** The group's first entries, counted per destination country. */
export async function countFirstEntriesByIso2(db: Db, s: GroupScope): Promise<{ iso2: string | null; n: number }[]> {
  const r = await sql<{ iso2: string | null; n: number }>`
    select p.iso2 as iso2, count(*) as n from phones p
    where p.group_id = ${s.groupId} and ${isFirstEntry(s)}
    group by p.iso2`.execute(db)
  return r.rows.map((row) => ({ iso2: row.iso2 ?? null, n: Number(row.n) }))
}

/** The next `limit` first entries of the group after phone id `afterId`, by id. */
export async function firstEntriesPage(
  db: Db,
  s: GroupScope & { afterId: number; limit: number },
): Promise<PhoneRow[]> {
  const r = await sql<PhoneRow>`
    select p.* from phones p
    where p.group_id = ${s.groupId} and p.id > ${s.afterId} and ${isFirstEntry(s)}
    order by p.id limit ${s.limit}`.execute(db)
  return r.rows
}

export type ColumnBounds = {
  iso2: string | null
  n: number
  /** Per column a … e: the longest value, and whether any value has a character beyond ASCII. */
  maxLength: [number, number, number, number, number]
  nonAscii: [boolean, boolean, boolean, boolean, boolean]
}

/**
 * What a group's first entries hold, per country, in one aggregate: enough to bound the cost of
 * a personalised text without reading every phone.
 */
export async function columnBounds(db: Db, dialect: Dialect, s: GroupScope): Promise<ColumnBounds[]> {
  const col = (c: string) => sql.ref(`p.${c}`)
  const bytes = (c: string) => (dialect === 'postgres' ? sql`octet_length(${col(c)})` : sql`length(cast(${col(c)} as blob))`)
  const cols = ['a', 'b', 'c', 'd', 'e'] as const
  const r = await sql<Record<string, number | string | null>>`
    select p.iso2 as iso2, count(*) as n,
      ${sql.join(cols.map((c) => sql`coalesce(max(length(${col(c)})), 0) as ${sql.ref(`len_${c}`)}`))},
      ${sql.join(cols.map((c) => sql`coalesce(max(case when ${bytes(c)} <> length(${col(c)}) then 1 else 0 end), 0) as ${sql.ref(`wide_${c}`)}`))}
    from phones p where p.group_id = ${s.groupId} and ${isFirstEntry(s)}
    group by p.iso2`.execute(db)
  return r.rows.map((row) => ({
    iso2: (row.iso2 as string | null) ?? null,
    n: Number(row.n),
    maxLength: cols.map((c) => Number(row[`len_${c}`])) as ColumnBounds['maxLength'],
    nonAscii: cols.map((c) => Number(row[`wide_${c}`]) === 1) as ColumnBounds['nonAscii'],
  }))
}
