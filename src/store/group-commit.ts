import { CompiledQuery, type Kysely, type Transaction } from 'kysely'
import type { Database } from './database.js'
import { JoinedUnit } from './joined-unit.js'

type Work<T> = (trx: Transaction<Database>) => Promise<T>
type Pending = { work: Work<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }

/** A unit threw in a batch run without savepoints: the batch is run again with them. */
class UnitFailed extends Error {}

const SAVEPOINT = CompiledQuery.raw('savepoint unit')
const RELEASE = CompiledQuery.raw('release savepoint unit')
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint unit')

/** deadlock_detected, serialization_failure: the transaction lost a race and may run again. */
const RETRYABLE = new Set(['40P01', '40001'])
const MAX_RUNS = 3

function isRetryable(error: unknown): boolean {
  return RETRYABLE.has(String((error as { code?: unknown } | null)?.code))
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

type CommitHook = (committed: boolean) => void
/** The hooks of the unit running in a batch's transaction, by that transaction. */
const unitHooks = new WeakMap<object, { current: CommitHook[] }>()

/**
 * Runs `hook` once the unit of a group commit that `db` belongs to has its outcome: with true
 * after the commit that stored its work, with false when its work was rolled back (the unit is
 * then run again or fails). False, and `hook` is never run, when `db` is not a group commit's
 * transaction.
 */
export function afterCommit(db: object, hook: CommitHook): boolean {
  const hooks = unitHooks.get(db)
  if (!hooks) return false
  hooks.current.push(hook)
  return true
}

function runHooks(hooks: readonly CommitHook[], committed: boolean): void {
  for (const hook of hooks) hook(committed)
}

/**
 * Group commit: units of work submitted in the same turn of the event loop run one after the
 * other in ONE transaction. A unit that throws is rolled back alone and its caller gets the
 * error; the others commit together, and each caller's promise settles only after that commit.
 * Per-commit costs (WAL page writes in SQLite, a flush and a round trip in PostgreSQL) are paid
 * once per batch instead of once per request.
 *
 * A batch first runs without savepoints (they were a third of the statements per message); if
 * a unit throws, that transaction is rolled back and the batch runs again with a savepoint per
 * unit. Units are therefore written to be run again: database work only, no effects outside.
 */
export class GroupCommit {
  private queue: Pending[] = []
  private scheduled = false
  private readonly joinedUnits = new Map<string, JoinedUnit<never, unknown>>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 500,
    /** Where threads share a SQLite file: waits for this thread's turn to write. */
    private readonly writeTurn?: <T>(work: () => Promise<T>) => Promise<T>,
  ) {}

  /**
   * Runs writing work in this thread's turn where threads share a SQLite file, so the thread
   * goes on working while another writes instead of sleeping: each batch, and writes of their
   * own (a claim, say).
   */
  alone<T>(work: () => Promise<T>): Promise<T> {
    return this.writeTurn ? this.writeTurn(work) : work()
  }

  /**
   * The JoinedUnit of this group commit by that name, made with `work` on first use: the items
   * added while a batch forms are handled together in one of its units.
   */
  joined<I, R>(
    name: string,
    work: (trx: Transaction<Database>, items: readonly I[]) => Promise<R[]>,
  ): JoinedUnit<I, R> {
    let unit = this.joinedUnits.get(name) as JoinedUnit<I, R> | undefined
    if (unit === undefined) {
      unit = new JoinedUnit(this, work)
      this.joinedUnits.set(name, unit as unknown as JoinedUnit<never, unknown>)
    }
    return unit
  }

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
    try {
      // The batch is taken once it is this thread's turn: what came while waiting joins it.
      await this.alone(() => this.settle(this.queue.splice(0, this.maxBatch)))
    } finally {
      // One batch at a time: the next starts once this one has committed, and gathers what came
      // meanwhile. PostgreSQL would otherwise run batches side by side on separate connections,
      // out of order and waiting on each other's row locks (or deadlocking); SQLite's single
      // connection serialised them anyway.
      if (this.queue.length > 0) setImmediate(() => void this.flush())
      else this.scheduled = false
    }
  }

  private async settle(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[]
    try {
      outcomes = await this.attempt(batch)
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

  private async attempt(batch: Pending[]): Promise<Outcome[]> {
    for (let run = 1; ; run++) {
      try {
        return await this.runBatch(batch, false).catch((error: unknown) => {
          if (error instanceof UnitFailed) return this.runBatch(batch, true)
          throw error
        })
      } catch (error) {
        // PostgreSQL ends one of two transactions that wait on each other's rows (a deadlock,
        // possible between groups or processes); the batch is rolled back whole and its units
        // may run again, so it is tried again instead of failing every caller in it.
        if (run < MAX_RUNS && isRetryable(error)) continue
        throw error
      }
    }
  }

  private async runBatch(batch: Pending[], isolated: boolean): Promise<Outcome[]> {
    const kept: CommitHook[] = []
    const dropped: CommitHook[] = []
    let outcomes: Outcome[]
    try {
      outcomes = await this.db.transaction().execute(async (trx) => {
        const hooks = { current: kept }
        unitHooks.set(trx, hooks)
        const outcomes: Outcome[] = []
        for (const p of batch) {
          if (!isolated) {
            try {
              outcomes.push({ ok: true, value: await p.work(trx) })
            } catch {
              throw new UnitFailed()
            }
            continue
          }
          hooks.current = []
          await trx.executeQuery(SAVEPOINT)
          try {
            outcomes.push({ ok: true, value: await p.work(trx) })
            await trx.executeQuery(RELEASE)
            kept.push(...hooks.current)
          } catch (error) {
            await trx.executeQuery(ROLLBACK_TO)
            await trx.executeQuery(RELEASE)
            dropped.push(...hooks.current)
            outcomes.push({ ok: false, error })
          }
        }
        hooks.current = dropped
        return outcomes
      })
    } catch (error) {
      runHooks(dropped, false)
      runHooks(kept, false)
      throw error
    }
    runHooks(dropped, false)
    runHooks(kept, true)
    return outcomes
  }
}
