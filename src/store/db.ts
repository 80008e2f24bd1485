import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
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
  // SQLite's LIKE and lower() fold ASCII only; partial filters fold case as PostgreSQL's ILIKE does.
  sqlite.function('taube_fold', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? s.toLowerCase() : s,
  )
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}
