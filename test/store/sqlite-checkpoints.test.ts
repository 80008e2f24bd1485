// The checkpoint thread of a SQLite process with a delivery thread: while a writer that never
// checkpoints itself writes steadily, the log is copied into the database file and started
// over, so it stays short. Without the thread the same writes pile up in the log.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import SqliteDatabase from 'better-sqlite3'
import { ThreadWriteLock } from '../../src/store/sqlite-write-lock.js'

const TRANSACTIONS = 1000
const ROW = 'x'.repeat(2000)
const RESTART_AT_PAGES = 300

// The worker is TypeScript like this file: it registers tsx before loading it.
const TSX_WORKER = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
  new URL('../../src/store/sqlite-checkpoint-worker.ts', import.meta.url).href,
)}) })`

async function writeSteadily(withCheckpointThread: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'taube-ckpt-'))
  const file = join(dir, 'ckpt.db')
  const db = new SqliteDatabase(file)
  db.pragma('journal_mode = WAL')
  // As the connections of `taube serve` with a delivery thread (store/db.ts).
  db.pragma('wal_autocheckpoint = 0')
  db.exec('create table rows (id integer primary key, body text not null)')
  const lock = new ThreadWriteLock()
  const worker = withCheckpointThread
    ? new Worker(TSX_WORKER, {
        eval: true,
        workerData: {
          path: file,
          lock: lock.buffer,
          synchronous: 'NORMAL',
          intervalMs: 5,
          restartAtPages: RESTART_AT_PAGES,
        },
      })
    : null
  if (worker) await once(worker, 'message')
  const insert = db.prepare('insert into rows (body) values (?)')
  let largestLog = 0
  // The log's header counts how often it was started over (its checkpoint sequence number).
  let log: number | null = null
  const header = Buffer.alloc(16)
  const startedOver = () => (readSync(log!, header, 0, 16, 0), header.readUInt32BE(12))
  let firstSequence = 0
  for (let t = 0; t < TRANSACTIONS; t++) {
    lock.acquire()
    try {
      db.exec('begin')
      for (let r = 0; r < 10; r++) insert.run(ROW)
      db.exec('commit')
    } finally {
      lock.release()
    }
    largestLog = Math.max(largestLog, statSync(`${file}-wal`).size)
    if (log === null) {
      log = openSync(`${file}-wal`, 'r')
      firstSequence = startedOver()
    }
    // Steadily: the checkpoint thread never finds the writer idle for long.
    if (t % 50 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  if (worker) {
    const exited = once(worker, 'exit')
    worker.postMessage('stop')
    await exited
  }
  const restarts = startedOver() - firstSequence
  closeSync(log!)
  const rows = (db.prepare('select count(*) as n from rows').get() as { n: number }).n
  const integrity = db.pragma('integrity_check', { simple: true })
  db.close()
  rmSync(dir, { recursive: true, force: true })
  return { rows, integrity, largestLog, restarts }
}

describe('SQLite checkpoint thread', () => {
  it('keeps the log short under steady writes and loses nothing', async () => {
    const written = TRANSACTIONS * 10 * ROW.length
    const without = await writeSteadily(false)
    assert.ok(
      without.largestLog > written,
      `without it the log holds every write: ${without.largestLog}`,
    )
    assert.equal(without.restarts, 0)
    const withThread = await writeSteadily(true)
    assert.equal(withThread.rows, TRANSACTIONS * 10)
    assert.equal(withThread.integrity, 'ok')
    // Started over again and again while the writes never paused (from 300 pages, 1.2 MB, on;
    // without the thread's locked step, never): so the log, reused from its start each time,
    // stays shorter than what was written. How much shorter depends on how busy the machine is.
    assert.ok(withThread.restarts >= 1, `started over ${withThread.restarts} times`)
    assert.ok(
      withThread.largestLog < written,
      `log of ${withThread.largestLog} bytes, against ${written} written`,
    )
  })
})
