import { parentPort, workerData } from 'node:worker_threads'
import SqliteDatabase from 'better-sqlite3'
import { Checkpointer, type CheckpointOptions } from './sqlite-checkpoints.js'
import { ThreadWriteLock } from './sqlite-write-lock.js'

/** The checkpoint thread of a SQLite process with a delivery thread (sqlite-checkpoints.ts). */
const o = workerData as CheckpointOptions & {
  path: string
  lock: SharedArrayBuffer
  synchronous: 'NORMAL' | 'FULL'
}
if (!parentPort) throw new Error('sqlite-checkpoint-worker runs as a worker thread')

const db = new SqliteDatabase(o.path)
// The fsyncs of a checkpoint follow this connection's setting, as the writers' would.
db.pragma(`synchronous = ${o.synchronous}`)
// Starting the log over waits for readers to leave it, while the writers wait: briefly, or not
// this round.
db.pragma('busy_timeout = 20')
const checkpointer = new Checkpointer(db, new ThreadWriteLock(o.lock), o)
const timer = setInterval(() => checkpointer.round(), o.intervalMs)
const port = parentPort
port.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  db.close()
  port.close()
})
port.postMessage('ready')
