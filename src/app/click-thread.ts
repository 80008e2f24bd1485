import { Worker } from 'node:worker_threads'
import type { Config } from '../config/schema.js'
import type { ClickSink, RawClick } from '../services/links/click-recorder.js'
import type { ThreadWriteLock } from '../store/sqlite-write-lock.js'
import type { AppContext } from './context.js'
import { ThreadLink, watchThread } from './thread-link.js'

export type ClickThreadData = {
  databaseUrl: string
  sqliteSynchronous: Config['sqliteSynchronous']
  /** The SQLite file's write lock, shared with the process's other writing threads. */
  writeLock: SharedArrayBuffer | null
  webhookAttempts: number
}

const STOP_TIMEOUT_MS = 10_000

/**
 * Starts the click thread (click-worker.ts) and gives the sink the redirect's recorder writes
 * to. In the serving thread, parsing and writing clicks took about a quarter of its time at
 * 12,000 redirects/s, in pauses of about 4 ms per batch; handed over, a batch costs it a copy.
 * The thread is stopped after the HTTP server, whose close hook writes the last clicks.
 */
export function startClickThread(
  ctx: AppContext,
  writeLock: ThreadWriteLock | null,
  onFailure: (err: Error) => void,
): ClickSink {
  const data: ClickThreadData = {
    databaseUrl: ctx.config.databaseUrl,
    sqliteSynchronous: ctx.config.sqliteSynchronous,
    writeLock: writeLock?.buffer ?? null,
    webhookAttempts: ctx.config.webhookRetryS.length + 1,
  }
  const worker = new Worker(new URL('./click-worker.js', import.meta.url), { workerData: data })
  const link = new ThreadLink(worker)
  let stopping = false
  watchThread(worker, link, 'click thread', () => stopping, onFailure)
  // A webhook changed in this thread reaches the click thread's outbox at once, not after the
  // second its targets are cached for.
  const outbox = ctx.deps.outbox
  const forgetHere = outbox.onInvalidate
  outbox.onInvalidate = (accountId) => {
    forgetHere?.(accountId)
    link.tell('forgetTargets', accountId)
  }
  ctx.lifecycle.add('click thread', async () => {
    stopping = true
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      link.call('stop').catch(() => {}),
      new Promise((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS))),
    ])
    clearTimeout(timer)
    await worker.terminate()
  })
  return {
    write: (batch: RawClick[]) => link.call<{ deliveries: number }>('write', batch),
    keepsBatches: true,
  }
}
