import { sql, type RawBuilder } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'

/**
 * Keeps advisory locks of one namespace apart from any other use of pg_advisory_lock on the same
 * database: the key of a worker is hashtextextended(id, this seed).
 */
const LOCK_SEED = 0x7461756265 // 'taube'

/** The advisory lock key of a worker id, as both the holder and a sweep compute it. */
export function workerLockKey(workerId: string | RawBuilder<unknown>): RawBuilder<bigint> {
  return sql<bigint>`hashtextextended(${workerId}, ${LOCK_SEED})`
}

/** How long a worker that lost its lock connection waits before connecting again. */
const RETAKE_MS = 1_000

/**
 * PostgreSQL: a worker that takes leases holds a session-level advisory lock named by its id on
 * a connection of its own for as long as it runs. PostgreSQL frees the lock when that session
 * ends, at once when the process dies and its socket closes, so another worker that can take the
 * lock knows the owner of those leases is dead and releases them without waiting for them to run
 * out (dead-owners.ts). While the connection is lost (`held` false) the worker claims nothing and
 * extends nothing, as other workers may be releasing its work; it connects again and takes the
 * lock back, and goes on with the leases it still holds.
 */
export class WorkerLock {
  #client: pg.Client | null = null
  #held = false
  #stopped = false
  #retake: NodeJS.Timeout | null = null

  constructor(
    private readonly deps: { url: string; log: Logger; retakeMs?: number },
    readonly workerId: string,
  ) {}

  /** True while the lock is held: the worker may claim and extend its leases. */
  get held(): boolean {
    return this.#held
  }

  /** Connects and takes the lock; throws if either fails. */
  async take(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.deps.url,
      application_name: 'taube-worker-lock',
      // A connection that dies silently (a network gone, not a closed socket) is found out.
      keepAlive: true,
    })
    client.on('error', (err) => this.lost(client, err))
    client.on('end', () => this.lost(client))
    try {
      await client.connect()
      const r = await client.query<{ taken: boolean }>(
        `select pg_try_advisory_lock(hashtextextended($1, ${LOCK_SEED})) as taken`,
        [this.workerId],
      )
      // Free for a fresh id; after a loss, a sweep may hold it for the moment of a release.
      if (r.rows[0]?.taken !== true)
        throw new Error(`the lock of ${this.workerId} is held elsewhere`)
    } catch (err) {
      client.removeAllListeners('end')
      await client.end().catch(() => undefined)
      throw err
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#held = true
  }

  /** Gives the lock up (with its connection) when the worker stops. */
  async release(): Promise<void> {
    this.#stopped = true
    this.#held = false
    if (this.#retake) clearTimeout(this.#retake)
    const client = this.#client
    this.#client = null
    if (client) await client.end().catch(() => undefined)
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (client !== this.#client) return
    this.#client = null
    this.#held = false
    client.end().catch(() => undefined)
    if (this.#stopped) return
    this.deps.log.error(
      { err, workerId: this.workerId },
      'worker lock connection lost; claiming nothing until it is back',
    )
    this.scheduleRetake()
  }

  private scheduleRetake(): void {
    this.#retake = setTimeout(() => {
      this.#retake = null
      if (this.#stopped) return
      this.take().then(
        () => this.deps.log.warn({ workerId: this.workerId }, 'worker lock taken again'),
        (err: unknown) => {
          this.deps.log.warn({ err, workerId: this.workerId }, 'worker lock not taken again yet')
          if (!this.#stopped) this.scheduleRetake()
        },
      )
    }, this.deps.retakeMs ?? RETAKE_MS)
    this.#retake.unref()
  }
}

/** Makes the lock of each worker of a process; set where the store is PostgreSQL. */
export type WorkerLocks = { lock(workerId: string): WorkerLock }

export function workerLocks(url: string, log: Logger): WorkerLocks {
  return { lock: (workerId) => new WorkerLock({ url, log }, workerId) }
}
