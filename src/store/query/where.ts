import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Condition, OrderBy } from '../../domain/query/filter-spec.js'
import type { Dialect } from '../database.js'

/** Maps API property names to columns; a property missing here cannot reach SQL. */
export type ColumnMap<P extends string> = Readonly<Record<P, string>>

/** Translates parsed filter conditions to one SQL predicate (AND of all), per dialect. */
export function whereConditions<P extends string>(
  conditions: readonly Condition<P>[],
  columns: ColumnMap<P>,
  dialect: Dialect,
): RawBuilder<SqlBool> | null {
  if (conditions.length === 0) return null
  const parts = conditions.map((c) => condition(c, sql.ref(columns[c.field]), dialect))
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`
}

function condition<P extends string>(
  c: Condition<P>,
  col: RawBuilder<unknown>,
  dialect: Dialect,
): RawBuilder<SqlBool> {
  switch (c.op) {
    case 'partial': {
      // Partial filters are case-insensitive for all of Unicode (decisions.md).
      const pattern = `%${c.value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`
      return dialect === 'postgres'
        ? sql<SqlBool>`${col} ilike ${pattern} escape '\\'`
        : sql<SqlBool>`taube_fold(${col}) like ${pattern.toLowerCase()} escape '\\'`
    }
    case 'in':
      return c.values.length === 1
        ? sql<SqlBool>`${col} = ${c.values[0]}`
        : sql<SqlBool>`${col} in (${sql.join(c.values)})`
    case 'lt':
      return sql<SqlBool>`${col} < ${c.value}`
    case 'gt':
      return sql<SqlBool>`${col} > ${c.value}`
    case 'lte':
      return sql<SqlBool>`${col} <= ${c.value}`
    case 'gte':
      return sql<SqlBool>`${col} >= ${c.value}`
    case 'between':
      return sql<SqlBool>`${col} between ${c.from} and ${c.to}`
    case 'bool':
      return sql<SqlBool>`${col} = ${c.value ? 1 : 0}`
    case 'exists':
      return c.value ? sql<SqlBool>`${col} is not null` : sql<SqlBool>`${col} is null`
  }
}

/** ORDER BY terms for the requested order, with a unique tie-breaker so pages never overlap. */
export function orderTerms<P extends string>(
  order: readonly OrderBy<P>[],
  columns: ColumnMap<P>,
  tieBreaker: string,
): RawBuilder<unknown> {
  const terms = order.map((o) => sql`${sql.ref(columns[o.field])} ${sql.raw(o.direction)}`)
  const lastDir = order[order.length - 1]?.direction ?? 'asc'
  terms.push(sql`${sql.ref(tieBreaker)} ${sql.raw(lastDir)}`)
  return sql.join(terms)
}
