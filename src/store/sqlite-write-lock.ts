import type { SqliteStatement } from 'kysely'

/** How long a writer waits for the other thread before its statement fails instead of hanging. */
const MAX_WAIT_MS = 30_000

const FREE = 0
const TAKEN = 1
/** Words of the shared buffer: the lock itself, and a claim that makes writers stand back. */
const LOCK = 0
const CLAIM = 1

/**
 * One SQLite file written by connections in several threads of one process (the API and the
 * delivery engine). SQLite lets one writer in at a time; a connection that finds the write lock
 * taken sleeps in its busy handler (1, 2, 5, 10 … ms, blocking its thread), and a deferred
 * transaction that read before another thread wrote fails with SQLITE_BUSY_SNAPSHOT. So the
 * threads take turns here first: a word in shared memory, waited on with Atomics, which wakes
 * the waiter the moment the holder lets go. Reads never wait.
 *
 * The lock is not fair: a thread that lets go and at once wants it again usually gets it back
 * before the woken waiter runs. For two writers that is cheap and harmless, but the checkpoint
 * thread (sqlite-checkpoints.ts) needs one writer-free moment now and then, and under steady
 * writes it could wait for it forever. So it claims its turn (`acquireFirst`): writers that come
 * after the claim wait until it has had the lock.
 */
export class ThreadWriteLock {
  private readonly cell: Int32Array
  /** This thread holds the lock for its next write, which takes it over without waiting. */
  private reserved = false

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.cell = new Int32Array(buffer)
  }

  /**
   * Runs `work` (which writes) once this thread holds the lock, waiting for it without blocking
   * the thread: a group commit waits here while its thread goes on taking requests, instead of
   * sleeping in `acquire`. The first write of `work` takes the lock over; if none did, it is
   * given back at the end.
   */
  async turn<T>(work: () => Promise<T>): Promise<T> {
    if (Atomics.load(this.cell, CLAIM) !== FREE || !this.take()) {
      // A pending waitAsync does not keep the event loop alive; this timer does, meanwhile.
      const alive = setTimeout(() => {}, MAX_WAIT_MS)
      try {
        for (;;) {
          const claimed = Atomics.load(this.cell, CLAIM) !== FREE
          if (!claimed && this.take()) break
          await Atomics.waitAsync(this.cell, claimed ? CLAIM : LOCK, TAKEN).value
        }
      } finally {
        clearTimeout(alive)
      }
    }
    this.reserved = true
    try {
      return await work()
    } finally {
      if (this.reserved) {
        this.reserved = false
        this.release()
      }
    }
  }

  acquire(): void {
    if (this.reserved) {
      this.reserved = false
      return
    }
    const deadline = Date.now() + MAX_WAIT_MS
    for (;;) {
      const claimed = Atomics.load(this.cell, CLAIM) !== FREE
      if (!claimed && this.take()) return
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('the database write lock was not released by another thread')
      Atomics.wait(this.cell, claimed ? CLAIM : LOCK, TAKEN, left)
    }
  }

  /**
   * Takes the lock ahead of every writer that asks after this call: for the one thread that
   * must not be starved (the checkpoint thread). Released with `release`.
   */
  acquireFirst(): void {
    Atomics.store(this.cell, CLAIM, TAKEN)
    try {
      const deadline = Date.now() + MAX_WAIT_MS
      while (!this.take()) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error('the database write lock was not released by another thread')
        Atomics.wait(this.cell, LOCK, TAKEN, left)
      }
    } finally {
      Atomics.store(this.cell, CLAIM, FREE)
      Atomics.notify(this.cell, CLAIM)
    }
  }

  release(): void {
    Atomics.store(this.cell, LOCK, FREE)
    Atomics.notify(this.cell, LOCK)
  }

  private take(): boolean {
    return Atomics.compareExchange(this.cell, LOCK, FREE, TAKEN) === FREE
  }
}

type Statement = SqliteStatement & { readonly readonly: boolean }

/**
 * The statements of one connection, made to take the thread write lock where they write: `begin`
 * takes it until `commit` or `rollback` (Kysely's transactions use exactly these), and a writing
 * statement outside a transaction holds it for itself. Within a thread Kysely already runs one
 * statement or transaction at a time on its single connection.
 */
export class WriteLockedConnection {
  private inTransaction = false

  constructor(private readonly lock: ThreadWriteLock) {}

  wrap(sql: string, stmt: Statement): SqliteStatement {
    const writes = !stmt.readonly
    return {
      reader: stmt.reader,
      all: (parameters) => this.guarded(sql, writes, () => stmt.all(parameters)),
      run: (parameters) => this.guarded(sql, writes, () => stmt.run(parameters)),
      // Lazy: only reads are streamed, and they need no lock.
      iterate: (parameters) => stmt.iterate(parameters),
    }
  }

  private guarded<T>(sql: string, writes: boolean, run: () => T): T {
    if (sql === 'begin') {
      this.lock.acquire()
      try {
        const result = run()
        this.inTransaction = true
        return result
      } catch (err) {
        this.lock.release()
        throw err
      }
    }
    if (sql === 'commit' || sql === 'rollback') {
      try {
        return run()
      } finally {
        this.inTransaction = false
        this.lock.release()
      }
    }
    if (this.inTransaction || !writes) return run()
    this.lock.acquire()
    try {
      return run()
    } finally {
      this.lock.release()
    }
  }
}
