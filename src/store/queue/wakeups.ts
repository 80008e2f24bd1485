import pg from 'pg'
import type { Logger } from 'pino'
import type { WorkSignal } from './work-signal.js'

const CHANNEL = 'taube_work'

/**
 * PostgreSQL: work queued in one process wakes the workers of every other at once, through
 * LISTEN/NOTIFY on one channel whose payload names the queue. Notifications of one queue are
 * sent at most once per turn of the event loop, however many messages were queued in it. If the
 * listening connection is lost, workers still find their work by polling (idleMs).
 */
export async function linkWakeups(
  url: string,
  signals: Record<string, WorkSignal>,
  log: Logger,
): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, application_name: 'taube-wakeups' })
  client.on('error', (err) =>
    log.warn({ err }, 'wake-up connection lost; workers fall back to polling'),
  )
  await client.connect()
  client.on('notification', (n) => {
    if (n.channel === CHANNEL && n.payload !== undefined) signals[n.payload]?.wake()
  })
  await client.query(`listen ${CHANNEL}`)
  let closed = false
  for (const [name, signal] of Object.entries(signals)) {
    let pending = false
    signal.onNotify = () => {
      if (pending || closed) return
      pending = true
      setImmediate(() => {
        pending = false
        client.query('select pg_notify($1, $2)', [CHANNEL, name]).catch((err: unknown) => {
          if (!closed) log.warn({ err }, 'wake-up not sent; workers will poll')
        })
      })
    }
  }
  return async () => {
    closed = true
    for (const signal of Object.values(signals)) signal.onNotify = null
    await client.end().catch(() => undefined)
  }
}
