import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import { Outbox } from '../events/outbox.js'
import { ClickWriter } from '../services/links/click-writer.js'
import type { RawClick } from '../services/links/click-recorder.js'
import { systemClock } from '../shared/clock.js'
import { createIds } from '../shared/ids.js'
import { openStore } from '../store/db.js'
import { ThreadWriteLock } from '../store/sqlite-write-lock.js'
import { ThreadLink } from './thread-link.js'
import type { ClickThreadData } from './click-thread.js'

/**
 * The click thread: parses and writes the clicks the redirect recorded, on its own connection
 * to the store, and records their `link.clicked` events there. The serving thread hands it
 * batches through the link and wakes its event worker when a batch recorded deliveries.
 */
const data = workerData as ClickThreadData
if (!parentPort) throw new Error('click-worker runs as a worker thread')

/** Of -20 (first) to 19 (last); the serving thread keeps the process's (usually 0). */
const CLICK_THREAD_NICE = 10

// Linux keeps a nice value per thread, and setpriority on "0" sets the calling one: this thread
// yields the cores to the serving thread when both want one, and takes what is left otherwise.
// Clicks wait a little longer for their row; redirects wait less for a core.
try {
  setPriority(0, CLICK_THREAD_NICE)
} catch {
  // Not allowed or not supported here: the thread runs at the process's priority.
}

const store = openStore({
  url: data.databaseUrl,
  sqliteSynchronous: data.sqliteSynchronous,
  sqliteImmediate: true,
  // Batches come in turn, a few in flight at most: the process's connections stay near its ten.
  pgMaxConnections: 2,
  ...(data.writeLock ? { sqliteWriteLock: new ThreadWriteLock(data.writeLock) } : {}),
})
const outbox = new Outbox({ ids: createIds(), clock: systemClock }, data.webhookAttempts)
const writer = new ClickWriter({ db: store.db, outbox })

/** Wait before a failed write is tried again, and how long a batch is tried at most. */
const RETRY_MS = 1000
const GIVE_UP_MS = 60_000
let stopping = false

/**
 * A batch taken is written, in turn with the others the connection serialises; a failure (the
 * store locked, restarting or unreachable) is retried for a minute, and then the serving thread
 * counts the batch as dropped. A stop ends the retries.
 */
async function keep(batch: RawClick[]): Promise<{ deliveries: number }> {
  const giveUpAt = Date.now() + GIVE_UP_MS
  for (;;) {
    try {
      return await writer.write(batch)
    } catch (err) {
      if (stopping || Date.now() + RETRY_MS > giveUpAt) throw err
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
    }
  }
}

const link = new ThreadLink(parentPort, {
  write: keep,
  forgetTargets: (accountId: number) => outbox.forget(accountId),
  async stop() {
    stopping = true
    link.close()
    await store.close()
  },
})
