import type { Logger } from 'pino'
import type { Route } from '../domain/routing/route-table.js'
import { listConnectors, listRoutes } from '../store/repositories/connector.repository.js'
import type { Db } from '../store/database.js'
import type { BindSlots } from './bind-slots.js'
import type { Connector, ConnectorSink } from './connectors/connector.js'
import { carriesService } from './connectors/voice.js'

export type ConnectorFactory = (
  id: string,
  config: unknown,
  sink: ConnectorSink,
  log: Logger,
  /** The store, for a connector that reads back what it owes after a restart (the simulator). */
  db: Db,
) => Connector | Promise<Connector>

/** How long a connector may take to come up at start before the gateway goes on without it. */
const START_WAIT_MS = 5_000

/**
 * The running connectors and the route table, as the store describes them. `load()` brings the
 * running set in line: new or changed connectors start, removed or disabled ones stop.
 */
export class ConnectorRegistry {
  private readonly running = new Map<string, { connector: Connector; fingerprint: string }>()
  private routes: Route[] = []

  private loading: Promise<void> = Promise.resolve()
  private stopped = false

  constructor(
    private readonly db: Db,
    private readonly sink: ConnectorSink,
    private readonly factories: Record<string, ConnectorFactory>,
    private readonly log: Logger,
    /** Where several dispatchers share the store: which SMPP sessions this one runs. */
    private readonly slots: BindSlots | null = null,
  ) {}

  /** One load at a time: a periodic reload and a change made here may ask together. */
  load(): Promise<void> {
    this.loading = this.loading.then(
      () => this.reload(),
      () => this.reload(),
    )
    return this.loading
  }

  private async reload(): Promise<void> {
    if (this.stopped) return
    const wanted = new Map<string, { kind: string; config: unknown; fingerprint: string }>()
    for (const row of await listConnectors(this.db)) {
      if (row.enabled !== 1) continue
      const config = await this.localConfig(row)
      if (config !== null)
        wanted.set(row.id, {
          kind: row.kind,
          config,
          fingerprint: `${row.kind}:${JSON.stringify(config)}`,
        })
    }
    for (const [id, entry] of this.running) {
      if (wanted.get(id)?.fingerprint !== entry.fingerprint) {
        this.running.delete(id)
        await entry.connector
          .stop()
          .catch((err) => this.log.error({ err, connectorId: id }, 'stop failed'))
      }
    }
    for (const [id, want] of wanted) {
      if (this.running.has(id)) continue
      const factory = this.factories[want.kind]
      if (!factory) {
        this.log.error({ connectorId: id, kind: want.kind }, 'unknown connector kind')
        continue
      }
      const connector = await factory(
        id,
        want.config,
        this.sink,
        this.log.child({ connectorId: id }),
        this.db,
      )
      this.running.set(id, { connector, fingerprint: want.fingerprint })
      await startWithin(connector, START_WAIT_MS).catch((err: unknown) =>
        this.log.warn({ err, connectorId: id }, 'connector not up yet; it keeps trying'),
      )
    }
    this.routes = await listRoutes(this.db)
  }

  /**
   * The config this process runs a connector with: an SMPP connector gets the sessions this
   * process holds and their part of the throughput; null when it holds none.
   */
  private async localConfig(row: { id: string; kind: string; config: string }): Promise<unknown> {
    const config = JSON.parse(row.config) as { sessions?: number; throughputPerS?: number | null }
    if (row.kind !== 'smpp' || !this.slots) return config
    const sessions = config.sessions ?? 1
    const held = await this.slots.share(row.id, sessions)
    if (held === 0) return null
    const rate = config.throughputPerS
    return {
      ...config,
      sessions: held,
      throughputPerS: rate == null ? rate : (rate * held) / sessions,
    }
  }

  get(id: string): Connector | undefined {
    return this.running.get(id)?.connector
  }

  isUp = (id: string): boolean => this.running.get(id)?.connector.isUp() ?? false

  /** False for a running connector of the other channel (voice vs SMS); one not running may. */
  carries = (id: string, serviceCode: string): boolean => {
    const c = this.running.get(id)?.connector
    return c === undefined || carriesService(c, serviceCode)
  }

  routeTable(): readonly Route[] {
    return this.routes
  }

  connectors(): Connector[] {
    return [...this.running.values()].map((e) => e.connector)
  }

  async stopAll(): Promise<void> {
    this.stopped = true
    await this.loading.catch(() => undefined)
    const all = [...this.running.values()]
    this.running.clear()
    await Promise.all(all.map((e) => e.connector.stop()))
  }
}

async function startWithin(c: Connector, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      c.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not up within ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
