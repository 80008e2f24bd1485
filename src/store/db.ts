import SqliteDatabase from 'better-sqlite3'
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
  type SqliteStatement,
} from 'kysely'
import pg from 'pg'
import type { Database, Dialect } from './database.js'
import { WriteLockedConnection, type ThreadWriteLock } from './sqlite-write-lock.js'

export type Store = {
  db: Kysely<Database>
  dialect: Dialect
  close(): Promise<void>
  /** Set where threads share a SQLite file: runs writing work in this thread's turn. */
  writeTurn?: <T>(work: () => Promise<T>) => Promise<T>
}

export type StoreOptions = {
  url: string
  sqliteSynchronous?: 'NORMAL' | 'FULL'
  /**
   * SQLite written from several threads of this process: they take turns through this lock, and
   * leave checkpoints to a thread of their own (sqlite-checkpoints.ts), which the owner of the
   * lock starts.
   */
  sqliteWriteLock?: ThreadWriteLock
  /** How long a statement waits for another connection's write lock; default 5 s. */
  sqliteBusyTimeoutMs?: number
  /**
   * Transactions begin IMMEDIATE, taking the write lock at once. A deferred transaction that has
   * read cannot wait for another process's writer: SQLite fails it at once with `database is
   * locked`, as its snapshot would be stale. One begun immediate waits in the busy handler. A
   * transaction that only reads takes the lock too, which costs nothing within a process: its
   * connection runs one transaction at a time, and its threads take turns at `begin` already
   * (sqlite-write-lock.ts). Every Taube process sets it (app/context.ts), so that a command
   * run beside a busy gateway waits for it, and the gateway for the command.
   */
  sqliteImmediate?: boolean
  /** PostgreSQL connections at most; default 10. */
  pgMaxConnections?: number
}

/** Opens the database named by TAUBE_DATABASE_URL. */
export function openStore(opts: StoreOptions): Store {
  if (opts.url.startsWith('sqlite:')) return openSqlite(opts.url.slice('sqlite:'.length), opts)
  if (/^postgres(ql)?:\/\//.test(opts.url))
    return openPostgres(opts.url, opts.pgMaxConnections ?? 10)
  throw new Error(`Unsupported database URL ${redact(opts.url)}: use sqlite:… or postgres://…`)
}

const INT8 = 20
const NUMERIC = 1700

/**
 * pg returns int8 (bigint columns, count(*)) and numeric (sum of bigint) as strings, since they
 * may exceed 2^53. The code above the store works with numbers, as SQLite gives them; ids,
 * unix ms and money in micro units stay far below 2^53 (9e15 micro = 9e9 units of a currency).
 * Set on this pool only, not globally on the pg module.
 */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? Number
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

function openPostgres(url: string, max: number): Store {
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    // Each group commit holds one connection while its batch runs (two: writes and receipts);
    // the rest serve reads and claims. Ten per process keeps nine processes within the
    // default max_connections (100).
    max,
    application_name: 'taube',
  })
  // An idle connection that the server drops (restart, admin kill) is reported here; without a
  // listener pg would crash the process. The pool replaces it, and the next query tells.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', close: () => db.destroy() }
}

function openSqlite(path: string, opts: StoreOptions): Store {
  // The folder must exist: the command line makes only the default one (cli/database-error.ts).
  const sqlite = new SqliteDatabase(path, { timeout: opts.sqliteBusyTimeoutMs ?? 5000 })
  // WAL lets readers run beside the writer. NORMAL fsyncs at checkpoints only: a process crash
  // loses nothing committed; FULL is there for operators who must survive power loss too.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${opts.sqliteSynchronous ?? 'NORMAL'}`)
  sqlite.pragma('foreign_keys = ON')
  // 64 MiB of page cache instead of SQLite's 2 MiB: with a million rows the indexes of the sms
  // table no longer fit the default, and every insert into them then reads pages back.
  sqlite.pragma('cache_size = -65536')
  // SQLite's LIKE and lower() fold ASCII only; partial filters fold case as PostgreSQL's ILIKE does.
  sqlite.function('taube_fold', { deterministic: true }, (s: unknown) =>
    typeof s === 'string' ? s.toLowerCase() : s,
  )
  const lock = opts.sqliteWriteLock
  if (lock) sqlite.pragma('wal_autocheckpoint = 0')
  const database = cachingStatements(sqlite, lock, opts.sqliteImmediate === true)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
  return {
    db,
    dialect: 'sqlite',
    close: () => db.destroy(),
    ...(lock ? { writeTurn: <T>(work: () => Promise<T>) => lock.turn(work) } : {}),
  }
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing cost 13% of the CPU of an
 * accepted SMS. The same SQL text reuses its statement (the queries are parameterised, so the
 * set of texts is small; the bound only guards against unusual IN-list lengths).
 */
function cachingStatements(
  sqlite: SqliteDatabase.Database,
  lock: ThreadWriteLock | undefined,
  immediate: boolean,
): SqliteDialectDatabase {
  const statements = new Map<string, SqliteStatement>()
  const locked = lock ? new WriteLockedConnection(lock) : null
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let stmt = statements.get(sql)
      if (stmt === undefined) {
        if (statements.size >= 1000) statements.clear()
        const prepared = sqlite.prepare(immediate && sql === 'begin' ? 'begin immediate' : sql)
        stmt = locked ? locked.wrap(sql, prepared) : prepared
        statements.set(sql, stmt)
      }
      return stmt
    },
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}
