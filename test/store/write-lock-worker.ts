// One of the threads of sqlite-write-lock.test.ts: read-then-write transactions, alternately
// waiting for the lock in the thread (sync) and for its turn (async), plus single writes.
import { parentPort, workerData } from 'node:worker_threads'
import { sql } from 'kysely'
import { openStore } from '../../src/store/db.js'
import { ThreadWriteLock } from '../../src/store/sqlite-write-lock.js'

const { url, lock, start, rounds, who } = workerData as {
  url: string
  lock: SharedArrayBuffer | null
  start: SharedArrayBuffer
  rounds: number
  who: string
}
const store = openStore({ url, ...(lock ? { sqliteWriteLock: new ThreadWriteLock(lock) } : {}) })
const { db } = store
const increment = () =>
  db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ m: number }>`select coalesce(max(n), 0) as m from counter`.execute(
      trx,
    )
    await sql`insert into counter (n, who) values (${rows[0]!.m + 1}, ${who})`.execute(trx)
  })

// Both threads start together, so that they contend.
parentPort!.postMessage('ready')
Atomics.wait(new Int32Array(start), 0, 0)
const errors: string[] = []
for (let i = 0; i < rounds; i++) {
  try {
    if (i % 2 === 0 || !store.writeTurn) await increment()
    else await store.writeTurn(increment)
    await sql`update tally set writes = writes + 1`.execute(db)
  } catch (err) {
    errors.push(String((err as Error).message))
  }
}
await store.close()
parentPort!.postMessage(errors)
