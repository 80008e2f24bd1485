// Every fresh database a test makes comes from here, so one switch moves the whole suite:
//   TAUBE_TEST_DATABASE=sqlite (default)  a SQLite file in a new temporary folder
//   TAUBE_TEST_DATABASE=postgres          a new database on the server of TAUBE_TEST_PG_URL
//                                         (its role needs CREATEDB), dropped again by drop()
// scripts/run-tests.js sets TAUBE_TEST_PG_URL to a PostgreSQL it starts itself when the run needs
// one and none is given.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Dialect } from '../../src/store/database.js'
import { openStore, type Store } from '../../src/store/db.js'
import { migrateToLatest } from '../../src/store/migrations/index.js'

export type TestDatabase = {
  /** A TAUBE_DATABASE_URL for the new, empty database. */
  url: string
  dialect: Dialect
  /** Removes the database (the caller has closed its connections, or they are cut). */
  drop: () => Promise<void>
}

function dialectFromEnv(): Dialect {
  const v = (process.env.TAUBE_TEST_DATABASE ?? 'sqlite').toLowerCase()
  if (v === 'sqlite') return 'sqlite'
  if (v === 'postgres' || v === 'postgresql' || v === 'pg') return 'postgres'
  throw new Error(`TAUBE_TEST_DATABASE=${v}: expected sqlite or postgres`)
}

/** The dialect this run tests. */
export const TEST_DIALECT: Dialect = dialectFromEnv()

/**
 * The PostgreSQL server of the run (TAUBE_TEST_PG_URL; its role needs CREATEDB). Unset, the
 * test fails rather than being skipped. scripts/run-tests.js finds the files that need one by
 * this name or createPostgresTestDatabase in their text.
 */
export function testPostgresUrl(): string {
  const url = process.env.TAUBE_TEST_PG_URL
  if (url === undefined || url === '') {
    throw new Error(
      'TAUBE_TEST_PG_URL is not set: run the tests with `node scripts/run-tests.js <files>`, ' +
        'which starts a PostgreSQL of its own, or set it to a server whose role has CREATEDB, ' +
        'e.g. postgres://taube:taube@127.0.0.1:5432/postgres',
    )
  }
  return url
}

const PREFIX = 'taube_t_'

/**
 * A fresh, empty database. On SQLite a file in a new folder (`file`, default `taube.db`, may
 * name folders still to be made), or with `memory` an in-memory database (gone with its
 * connection; fast for store tests that open it once).
 */
export async function createTestDatabase(
  opts: { memory?: boolean; file?: string } = {},
): Promise<TestDatabase> {
  if (TEST_DIALECT === 'postgres') return createPgDatabase()
  if (opts.memory) return { url: 'sqlite::memory:', dialect: 'sqlite', drop: async () => {} }
  const dir = mkdtempSync(join(tmpdir(), 'taube-test-'))
  return {
    url: `sqlite:${join(dir, opts.file ?? 'taube.db')}`,
    dialect: 'sqlite',
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A fresh PostgreSQL database whatever the run tests, for what only PostgreSQL can do. */
export function createPostgresTestDatabase(): Promise<TestDatabase> {
  return createPgDatabase()
}

/** A fresh database, opened and migrated; close() also drops it. */
export async function openTestStore(): Promise<Store> {
  const database = await createTestDatabase({ memory: true })
  const store = openStore({ url: database.url })
  try {
    await migrateToLatest(store.db)
  } catch (e) {
    await store.close()
    await database.drop()
    throw e
  }
  return {
    ...store,
    async close() {
      await store.close()
      await database.drop()
    },
  }
}

let swept = false

async function createPgDatabase(): Promise<TestDatabase> {
  // The pid lets a later run drop what a test process that died left behind.
  const name = `${PREFIX}${process.pid}_${randomBytes(6).toString('hex')}`
  await withAdmin(async (admin) => {
    if (!swept) {
      swept = true
      await dropOrphans(admin)
    }
    await admin.query(`create database ${name}`)
  })
  const url = new URL(testPostgresUrl())
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    dialect: 'postgres',
    // FORCE cuts connections a test left open (a killed server process, a pool not closed).
    // A backend of another role (autovacuum) may refuse to be cut off for a moment: try again.
    drop: async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`))
          return
        } catch (err) {
          if (attempt === 10) throw err
          await new Promise((r) => setTimeout(r, 500))
        }
      }
    },
  }
}

/** Test databases of processes on this machine that no longer run. */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const r = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname like '${PREFIX}%'`,
  )
  for (const { datname } of r.rows) {
    const pid = Number(/^taube_t_(\d+)_/.exec(datname)?.[1])
    if (Number.isInteger(pid) && !isRunning(pid)) {
      await admin.query(`drop database if exists ${datname} with (force)`)
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: testPostgresUrl() })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}
