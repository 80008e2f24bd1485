import { PostgresAdapter, type Kysely } from 'kysely'

/** Migrations are written once for both dialects; only auto-increment ids differ. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export function autoIdType(db: Kysely<unknown>): 'serial' | 'integer' {
  return isPostgres(db) ? 'serial' : 'integer'
}
