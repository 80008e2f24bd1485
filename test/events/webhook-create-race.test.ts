// A SQLite file written by several processes (`taube serve --role …` on SQLite): another process
// commits while a webhook is being created. The second connection stands for that process; it
// writes right after the creation's first statement, the moment a transaction that read first
// would be broken by (SQLITE_BUSY_SNAPSHOT at its write).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import type { KyselyPlugin } from 'kysely'
import pino from 'pino'
import { createContext, type AppContext } from '../../src/app/context.js'
import { loadConfig } from '../../src/config/load.js'
import { bootstrapIfEmpty } from '../../src/services/accounts/bootstrap.js'
import { createWebhook } from '../../src/services/webhooks/manage-webhooks.js'

describe('creating a webhook while another process writes the SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taube-hook-race-'))
  const file = join(dir, 'taube.db')
  let ctx: AppContext
  let accountId: number
  before(async () => {
    ctx = await createContext(
      loadConfig({}, { databaseUrl: `sqlite:${file}`, logLevel: 'silent' }),
      {
        log: pino({ level: 'silent' }),
      },
    )
    accountId = (await bootstrapIfEmpty(ctx.deps, { defaultPrice: '0.05' }))!.userId
  })
  after(async () => {
    await ctx.lifecycle.stopAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it('succeeds; the other process waits for it instead of breaking it', async () => {
    const other = new SqliteDatabase(file)
    other.exec('create table other_process (n integer)')
    // No waiting: a write that finds the file locked fails at once, so the test cannot hang.
    other.pragma('busy_timeout = 0')
    let otherWrote: boolean | null = null
    const afterFirstStatement: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (otherWrote === null) {
          try {
            other.prepare('insert into other_process values (1)').run()
            otherWrote = true
          } catch {
            otherWrote = false
          }
        }
        return args.result
      },
    }
    const deps = { ...ctx.deps, db: ctx.deps.db.withPlugin(afterFirstStatement) }
    const hook = await createWebhook(deps, accountId, { uri: 'https://example.com/hook' })
    other.close()
    assert.equal(hook.uri, 'https://example.com/hook')
    assert.equal(otherWrote, false, 'the creation held the write lock from its first statement')
    const stored = await ctx.deps.db
      .selectFrom('webhooks')
      .select('uri')
      .where('id', '=', hook.id)
      .execute()
    assert.deepEqual(stored, [{ uri: 'https://example.com/hook' }])
  })
})
