import { CompiledQuery, PostgresAdapter } from 'kysely'
import type { Db, Dialect } from './database.js'

/** A statement written once as SQL with named parameters, ready for either dialect. */
export type Statement<P extends string> = {
  sqlite: string
  postgres: string
  params: readonly P[]
}

/**
 * SQL for the hottest per-message statements: the text is fixed at load time, so running one
 * costs no query building or compiling (which took more CPU than SQLite took to execute them).
 * `${'name'}` marks a parameter: `?` in SQLite, `$n` in PostgreSQL.
 */
export function statement<P extends string>(
  strings: TemplateStringsArray,
  ...params: P[]
): Statement<P> {
  return {
    sqlite: strings.join('?'),
    postgres: strings.reduce((text, part, i) => `${text}$${i}${part}`),
    params,
  }
}

export function bound<P extends string>(
  db: Db,
  st: Statement<P>,
  values: Record<P, unknown>,
): CompiledQuery
/**
 * With the values of a row or input and `extra` beside them (extra wins where both name a
 * parameter), instead of merging them with `{ ...values, more }`: in V8 11 (Node 20) such a spread
 * builds a new hidden class for every object it makes, 3 µs and 8 KB each (docs/decisions.md).
 */
export function bound<P extends string, V extends object>(
  db: Db,
  st: Statement<P>,
  values: V,
  extra: Record<Exclude<P, keyof V>, unknown> & Partial<Record<P, unknown>>,
): CompiledQuery
export function bound<P extends string>(
  db: Db,
  st: Statement<P>,
  values: Partial<Record<P, unknown>>,
  extra?: Partial<Record<P, unknown>>,
): CompiledQuery {
  const text = dialectOf(db) === 'postgres' ? st.postgres : st.sqlite
  const parameters = st.params.map((p) =>
    extra !== undefined && p in extra ? extra[p] : values[p],
  )
  return CompiledQuery.raw(text, parameters)
}

/** The dialect behind a database or transaction, for repositories that branch per dialect. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}
