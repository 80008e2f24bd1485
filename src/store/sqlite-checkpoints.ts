import { Worker } from 'node:worker_threads'
import type SqliteDatabase from 'better-sqlite3'
import type { ThreadWriteLock } from './sqlite-write-lock.js'

export type CheckpointOptions = {
  /** How often the log is copied into the database file. */
  intervalMs: number
  /** A log this long (in pages) is finished and then started over from its beginning. */
  restartAtPages: number
}

/**
 * Once a second: a page written many times between two checkpoints (the tails of the tables
 * and their indexes) is copied once. Every 100 ms, the checkpoint thread spent 4.3 s of CPU on
 * 80,000 messages through the SMPP server (54 µs a message, on a 2-core machine where it takes
 * that from the serving threads); once a second, 1.0 s.
 */
export const DEFAULT_CHECKPOINTS: CheckpointOptions = { intervalMs: 1000, restartAtPages: 4000 }

const STOP_TIMEOUT_MS = 10_000

type CheckpointResult = { busy: number; log: number; checkpointed: number }

/**
 * Keeps the write-ahead log of a SQLite file that the threads of one process write (see
 * ThreadWriteLock) short, from a connection of its own. SQLite's automatic checkpoint runs in
 * the thread whose commit filled the log, holding the write lock while it copies the log into
 * the database file and waits for two fsyncs: about 5 ms per 1,000 pages on the test machine,
 * during which the other thread could not write either. Here the copying runs beside the
 * writers (PASSIVE); they wait only while the last pages are copied and the log is marked for
 * starting over, which a writer-free moment is needed for: under steady writes a log checkpointed
 * only beside them never catches up, and grew to 170 MB in 50,000 messages.
 */
export class Checkpointer {
  constructor(
    private readonly db: SqliteDatabase.Database,
    private readonly lock: ThreadWriteLock,
    private readonly opts: Pick<CheckpointOptions, 'restartAtPages'>,
  ) {}

  round(): void {
    const copied = this.checkpoint('PASSIVE')
    if (copied.log < this.opts.restartAtPages) return
    // The log is long and nearly all of it copied: the rest, written meanwhile, is copied while
    // no one writes, and the next writer starts the log over. Claimed ahead of the writers:
    // under steady writes a plain wait could last as long as the writes do.
    this.lock.acquireFirst()
    try {
      // Busy (a reader stayed in the log): the next round tries again.
      this.checkpoint('RESTART')
    } finally {
      this.lock.release()
    }
  }

  private checkpoint(mode: 'PASSIVE' | 'RESTART'): CheckpointResult {
    return (this.db.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[])[0]!
  }
}

/**
 * Runs a Checkpointer in a thread of its own, so that neither its copying nor its fsyncs hold
 * up the threads that serve. A failed checkpoint thread is reported to `onFailure`: without it
 * the log would grow without end.
 */
export async function startCheckpointThread(
  o: {
    path: string
    lock: ThreadWriteLock
    synchronous: 'NORMAL' | 'FULL'
  } & Partial<CheckpointOptions>,
  onFailure: (err: Error) => void,
): Promise<{ stop(): Promise<void> }> {
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.js', import.meta.url), {
    workerData: {
      path: o.path,
      lock: o.lock.buffer,
      synchronous: o.synchronous,
      intervalMs: o.intervalMs ?? DEFAULT_CHECKPOINTS.intervalMs,
      restartAtPages: o.restartAtPages ?? DEFAULT_CHECKPOINTS.restartAtPages,
    },
  })
  let stopping = false
  worker.on('error', (err) => {
    if (!stopping) onFailure(err)
  })
  worker.on('exit', (code) => {
    if (!stopping) onFailure(new Error(`the checkpoint thread ended with code ${code}`))
  })
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve())
    worker.once('error', reject)
  })
  return {
    // Asked, not terminated: a round ended from outside could leave the write lock taken. One
    // that does not end in time (waiting for a lock a failed thread left taken) is ended anyway.
    async stop() {
      stopping = true
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage('stop')
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))
      await Promise.race([exited, late])
      clearTimeout(timer)
      await worker.terminate()
    },
  }
}
