import { sql } from 'kysely'
import type { Db, Dialect } from '../database.js'
import type { PhoneRow } from '../tables/group.table.js'

// What a bulk will be made of, read as domain/bulk/recipient-rule.ts says: a group's phone counts
// only as the first entry of its number among the bulk's groups (earlier groups, then lower ids
// of its own group; subscribed ones only).

/** The groups a bulk walks before this one, and the group itself. */
export type GroupScope = { accountId: number; groupId: number; earlierGroupIds: readonly number[] }

/** Asked per phone along phones_account_phone: for pages of a few thousand phones. */
function isFirstEntry(s: GroupScope) {
  const earlier =
    s.earlierGroupIds.length > 0
      ? sql`q.group_id in (${sql.join([...s.earlierGroupIds])}) or `
      : sql``
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

/**
 * How many first entries each group has, per destination country, in one aggregate over the
 * groups' subscribed phones (grouped by number: the first group in the bulk's order holds it).
 * On 2 × 100,000 phones this took 0.3 s on PostgreSQL and 0.4 s on SQLite, where asking per phone
 * whether an earlier entry exists took 1.5 s and 0.55 s (a count without de-duplication: 0.2 and
 * 0.13 s).
 */
export async function countFirstEntries(
  db: Db,
  p: { accountId: number; groupIds: readonly number[] },
): Promise<Map<number, { iso2: string | null; n: number }[]>> {
  const out = new Map<number, { iso2: string | null; n: number }[]>()
  if (p.groupIds.length === 0) return out
  const order = sql`case group_id ${sql.join(
    p.groupIds.map((id, i) => sql`when ${id} then ${i}`),
    sql` `,
  )} end`
  const r = await sql<{ first: number; iso2: string | null; n: number }>`
    select x.first_group as first, x.iso2 as iso2, count(*) as n from (
      select phone, min(${order}) as first_group, min(iso2) as iso2 from phones
      where account_id = ${p.accountId} and group_id in (${sql.join([...p.groupIds])}) and unsubscribed_at is null
      group by phone) x
    group by x.first_group, x.iso2`.execute(db)
  for (const row of r.rows) {
    const id = p.groupIds[Number(row.first)]!
    const list = out.get(id) ?? []
    list.push({ iso2: row.iso2 ?? null, n: Number(row.n) })
    out.set(id, list)
  }
  return out
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
  /** Per column a … e: the longest value, and whether any value has a character beyond ASCII. */
  maxLength: [number, number, number, number, number]
  nonAscii: [boolean, boolean, boolean, boolean, boolean]
}

/**
 * What a group's subscribed phones hold, per country, in one aggregate: enough to bound the cost
 * of a personalised text without reading every phone. Read over all its subscribed phones, not
 * only first entries: a bound over more values is still a bound, and this needs no de-duplication.
 */
export async function columnBounds(
  db: Db,
  dialect: Dialect,
  groupId: number,
): Promise<ColumnBounds[]> {
  const bytes = (c: string) =>
    dialect === 'postgres'
      ? sql`octet_length(${sql.ref(c)})`
      : sql`length(cast(${sql.ref(c)} as blob))`
  const cols = ['a', 'b', 'c', 'd', 'e'] as const
  const r = await sql<Record<string, number | string | null>>`
    select iso2,
      ${sql.join(cols.map((c) => sql`coalesce(max(length(${sql.ref(c)})), 0) as ${sql.ref(`len_${c}`)}`))},
      ${sql.join(cols.map((c) => sql`coalesce(max(case when ${bytes(c)} <> length(${sql.ref(c)}) then 1 else 0 end), 0) as ${sql.ref(`wide_${c}`)}`))}
    from phones where group_id = ${groupId} and unsubscribed_at is null
    group by iso2`.execute(db)
  return r.rows.map((row) => ({
    iso2: (row.iso2 as string | null) ?? null,
    maxLength: cols.map((c) => Number(row[`len_${c}`])) as ColumnBounds['maxLength'],
    nonAscii: cols.map((c) => Number(row[`wide_${c}`]) === 1) as ColumnBounds['nonAscii'],
  }))
}
