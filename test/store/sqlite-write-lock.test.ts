// Two threads of one process write one SQLite file, as the API and delivery threads of
// `taube serve` do: with the shared write lock, none of their transactions fails or is lost.
import { mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { ThreadWriteLock } from '../../src/store/sqlite-write-lock.js'

const ROUNDS = 300
const TSX_WORKER = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL('./write-lock-worker.ts', import.meta.url).href,
)}) })`

async function contend(withLock: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'taube-lock-'))
  const file = join(dir, 'lock.db')
  const setup = new SqliteDatabase(file)
  setup.pragma('journal_mode = WAL')
  setup.exec('create table counter (n integer primary key, who text not null)')
  setup.exec('create table tally (writes integer not null)')
  setup.exec('insert into tally values (0)')
  const lock = withLock ? new ThreadWriteLock() : null
  const start = new SharedArrayBuffer(4)
  const workers = ['a', 'b'].map(
    (who) =>
      // The worker is TypeScript like this file: it registers tsx before loading it.
      new Worker(TSX_WORKER, {
        eval: true,
        workerData: {
          url: `sqlite:${file}`,
          lock: lock?.buffer ?? null,
          start,
          rounds: ROUNDS,
          who,
        },
      }),
  )
  const results = workers.map(
    (w) =>
      new Promise<string[]>((resolve, reject) => {
        w.on('message', (m: 'ready' | string[]) => m !== 'ready' && resolve(m))
        w.once('error', reject)
        w.once('exit', (code) => reject(new Error(`worker ended with ${code} before reporting`)))
      }),
  )
  await Promise.all(workers.map((w) => once(w, 'message')))
  Atomics.store(new Int32Array(start), 0, 1)
  Atomics.notify(new Int32Array(start), 0)
  const errors = (await Promise.all(results)).flat()
  const counter = setup.prepare('select n, who from counter order by n').all() as {
    n: number
    who: string
  }[]
  const { writes } = setup.prepare('select writes from tally').get() as { writes: number }
  setup.close()
  rmSync(dir, { recursive: true, force: true })
  return { errors, counter, writes }
}

describe('ThreadWriteLock', () => {
  it('lets two threads write one file without a failed or lost transaction', async () => {
    const { errors, counter, writes } = await contend(true)
    assert.deepEqual(errors, [])
    assert.deepEqual(
      counter.map((r) => r.n),
      Array.from({ length: 2 * ROUNDS }, (_, i) => i + 1),
    )
    assert.deepEqual(new Set(counter.map((r) => r.who)), new Set(['a', 'b']))
    assert.equal(writes, 2 * ROUNDS)
  })

  it('is what keeps them apart: without it the same work fails', async () => {
    const { errors } = await contend(false)
    assert.ok(errors.length > 0, 'the threads did not contend')
    assert.match(errors[0]!, /database is locked|SQLITE_BUSY/i)
  })

  it('lets a claim in before the writer that holds the lock can take it again', async () => {
    const lock = new ThreadWriteLock()
    // [the claimer may go, the claimer had the lock]
    const shared = new Int32Array(new SharedArrayBuffer(8))
    const claimer = new Worker(
      `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
        new URL('../../src/store/sqlite-write-lock.ts', import.meta.url).href,
      )}) }).then(({ ThreadWriteLock }) => {
        const { workerData, parentPort } = require('node:worker_threads')
        const lock = new ThreadWriteLock(workerData.lock)
        const shared = new Int32Array(workerData.shared)
        parentPort.postMessage('ready')
        Atomics.wait(shared, 0, 0)
        lock.acquireFirst()
        Atomics.store(shared, 1, 1)
        lock.release()
      })`,
      { eval: true, workerData: { lock: lock.buffer, shared: shared.buffer } },
    )
    await once(claimer, 'message')
    lock.acquire()
    Atomics.store(shared, 0, 1)
    Atomics.notify(shared, 0)
    // The claim is up (its word in the lock's buffer) while this thread still writes.
    const claim = new Int32Array(lock.buffer)
    Atomics.wait(claim, 1, 0, 5_000)
    // Lets go and at once asks again, as a busy writer does: the claim goes first.
    lock.release()
    lock.acquire()
    const claimerHadIt = Atomics.load(shared, 1)
    lock.release()
    await once(claimer, 'exit')
    assert.equal(claimerHadIt, 1)
  })
})
