import pino, { type Logger } from 'pino'
import type { Config } from '../config/schema.js'
import { KeyCache } from '../services/keys/authenticate.js'
import { PriceCache } from '../services/pricing/price-lists.js'
import type { ServiceDeps } from '../services/deps.js'
import { openStore } from '../store/db.js'
import type { ThreadWriteLock } from '../store/sqlite-write-lock.js'
import { Outbox } from '../events/outbox.js'
import { GroupCommit } from '../store/group-commit.js'
import { WorkSignal } from '../store/queue/work-signal.js'
import { linkWakeups } from '../store/queue/wakeups.js'
import { workerLocks } from '../store/queue/worker-lock.js'
import { migrateToLatest } from '../store/migrations/index.js'
import { systemClock, type Clock } from '../shared/clock.js'
import { createIds } from '../shared/ids.js'
import { Lifecycle } from './lifecycle.js'
import { MetricSources } from '../shared/metric-sources.js'

/** Everything a running process shares: built once here, handed down, stopped in reverse. */
export type AppContext = {
  config: Config
  deps: ServiceDeps
  keyCache: KeyCache
  lifecycle: Lifecycle
  log: Logger
  /** This process's Prometheus metrics, in parts set by the engines it runs. */
  metrics: MetricSources
}

export async function createContext(
  config: Config,
  opts: {
    clock?: Clock
    log?: Logger
    sqliteWriteLock?: ThreadWriteLock
    /** false in a thread of a process whose main thread already reports the process figures. */
    processMetrics?: boolean
    sqliteBusyTimeoutMs?: number
  } = {},
): Promise<AppContext> {
  const log = opts.log ?? pino({ level: config.logLevel, base: { service: 'taube' } })
  const clock = opts.clock ?? systemClock
  const lifecycle = new Lifecycle()
  const store = openStore({
    url: config.databaseUrl,
    sqliteSynchronous: config.sqliteSynchronous,
    sqliteImmediate: true,
    ...(opts.sqliteWriteLock ? { sqliteWriteLock: opts.sqliteWriteLock } : {}),
    ...(opts.sqliteBusyTimeoutMs === undefined
      ? {}
      : { sqliteBusyTimeoutMs: opts.sqliteBusyTimeoutMs }),
  })
  lifecycle.add('store', () => store.close())
  try {
    const applied = await migrateToLatest(store.db)
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated')
  } catch (err) {
    await lifecycle.stopAll()
    throw err
  }
  const ids = createIds(() => clock.nowMs())
  const queued = new WorkSignal()
  const bulks = new WorkSignal()
  const fraudChecks = new WorkSignal()
  const outbox = new Outbox({ ids, clock }, config.webhookRetryS.length + 1)
  if (store.dialect === 'postgres') {
    // Other processes queue work too: their notifications wake this one's workers.
    const unlink = await linkWakeups(
      config.databaseUrl,
      { sms: queued, bulks, events: outbox.ready, fraud: fraudChecks },
      log,
    )
    lifecycle.add('wake-ups', unlink)
  }
  return {
    config,
    deps: {
      ...(store.dialect === 'postgres'
        ? { workerLocks: workerLocks(config.databaseUrl, log) }
        : {}),
      db: store.db,
      dialect: store.dialect,
      groupCommit: new GroupCommit(store.db, undefined, store.writeTurn),
      prices: new PriceCache(),
      queued,
      bulks,
      fraudChecks,
      outbox,
      clock,
      ids,
      log,
      settings: {
        messageValidityS: config.messageValidityS,
        webhookAllowPrivate: config.webhookAllowPrivate,
        replyWindowS: config.replyWindowHours * 3600,
        stopKeywords: config.stopKeywords,
        verifySenderId: config.verifySenderId,
        publicUrl: publicUrlOf(config),
        ...(config.shortBaseUrl === undefined
          ? {}
          : { shortBaseUrl: config.shortBaseUrl.replace(/\/*$/, '/') }),
      },
    },
    keyCache: new KeyCache(),
    lifecycle,
    log,
    metrics: new MetricSources({ process: opts.processMetrics ?? true }),
  }
}

/** TAUBE_PUBLIC_URL, else the address the API listens on (a wildcard host as loopback). */
function publicUrlOf(config: Config): string {
  if (config.publicUrl !== undefined) return config.publicUrl.replace(/\/+$/, '')
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`
}
