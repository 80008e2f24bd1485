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
export function statement<P extends string>(strings: TemplateStringsArray, ...params: P[]): Statement<P> {
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
): CompiledQuery {
  const text = dialectOf(db) === 'postgres' ? st.postgres : st.sqlite
  return CompiledQuery.raw(text, st.params.map((p) => values[p]))
}

/** The dialect behind a database or transaction, for repositories that branch per dialect. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}
