import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from './database.js'

type Work<T> = (trx: Transaction<Database>) => Promise<T>
type Pending = { work: Work<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }

/**
 * Group commit: units of work submitted in the same turn of the event loop run one after the
 * other in ONE transaction, each inside its own savepoint. A unit that throws is rolled back
 * alone and its caller gets the error; the others commit together, and each caller's promise
 * settles only after that commit. Per-commit costs (WAL page writes in SQLite, a flush and a
 * round trip in PostgreSQL) are paid once per batch instead of once per request.
 */
export class GroupCommit {
  private queue: Pending[] = []
  private scheduled = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 500,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => void this.flush())
      }
    })
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.maxBatch)
    if (this.queue.length > 0) setImmediate(() => void this.flush())
    else this.scheduled = false
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = []
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const p of batch) {
          await sql`savepoint unit`.execute(trx)
          try {
            outcomes.push({ ok: true, value: await p.work(trx) })
            await sql`release savepoint unit`.execute(trx)
          } catch (error) {
            await sql`rollback to savepoint unit`.execute(trx)
            await sql`release savepoint unit`.execute(trx)
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      // The commit itself failed: nothing of the batch is stored, so every caller hears it.
      for (const p of batch) p.reject(error)
      return
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!
      if (o.ok) p.resolve(o.value)
      else p.reject(o.error)
    })
  }
}
