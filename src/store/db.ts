import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase } from 'kysely'
import type { Database, Dialect } from './database.js'

export type Store = { db: Kysely<Database>; dialect: Dialect; close(): Promise<void> }

export type StoreOptions = { url: string; sqliteSynchronous?: 'NORMAL' | 'FULL' }

/** Opens the database named by TAUBE_DATABASE_URL. */
export function openStore(opts: StoreOptions): Store {
  if (opts.url.startsWith('sqlite:')) return openSqlite(opts.url.slice('sqlite:'.length), opts)
  throw new Error(`Unsupported database URL ${redact(opts.url)}: PostgreSQL support is not built yet`)
}

function openSqlite(path: string, opts: StoreOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SqliteDatabase(path)
  // WAL lets readers run beside the writer. NORMAL fsyncs at checkpoints only: a process crash
  // loses nothing committed; FULL is there for operators who must survive power loss too.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${opts.sqliteSynchronous ?? 'NORMAL'}`)
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // 64 MiB of page cache instead of SQLite's 2 MiB: with a million rows the indexes of the sms
  // table no longer fit the default, and every insert into them then reads pages back.
  sqlite.pragma('cache_size = -65536')
  // SQLite's LIKE and lower() fold ASCII only; partial filters fold case as PostgreSQL's ILIKE does.
  sqlite.function('taube_fold', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? s.toLowerCase() : s,
  )
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing cost 13% of the CPU of an
 * accepted SMS. The same SQL text reuses its statement (the queries are parameterised, so the
 * set of texts is small; the bound only guards against unusual IN-list lengths).
 */
function cachingStatements(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let stmt = statements.get(sql)
      if (stmt === undefined) {
        if (statements.size >= 1000) statements.clear()
        stmt = sqlite.prepare(sql)
        statements.set(sql, stmt)
      }
      return stmt
    },
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}
