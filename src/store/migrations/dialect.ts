import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely'

/** Migrations are written once for both dialects; only auto-increment ids differ. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/**
 * SQLite: `integer primary key autoincrement` (an alias of the rowid). PostgreSQL: bigserial,
 * since event deliveries and attempts (one row per event and target) can pass 2^31 in a busy
 * year; pg's int8 parser (db.ts) still hands them out as numbers.
 */
export function autoIdType(db: Kysely<unknown>): 'bigserial' | 'integer' {
  return isPostgres(db) ? 'bigserial' : 'integer'
}

/**
 * The constraints of an auto-increment id. PostgreSQL has no AUTOINCREMENT keyword (Kysely
 * would emit `auto_increment`, a syntax error there): bigserial already draws from a sequence.
 */
export function autoIdKey(db: Kysely<unknown>) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()
}
