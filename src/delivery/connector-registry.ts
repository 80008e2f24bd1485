import type { Logger } from 'pino'
import type { Route } from '../domain/routing/route-table.js'
import { listConnectors, listRoutes } from '../store/repositories/connector.repository.js'
import type { Db } from '../store/database.js'
import type { Connector, ConnectorSink } from './connectors/connector.js'

export type ConnectorFactory = (
  id: string,
  config: unknown,
  sink: ConnectorSink,
  log: Logger,
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

  constructor(
    private readonly db: Db,
    private readonly sink: ConnectorSink,
    private readonly factories: Record<string, ConnectorFactory>,
    private readonly log: Logger,
  ) {}

  async load(): Promise<void> {
    const rows = await listConnectors(this.db)
    const wanted = new Map(rows.filter((r) => r.enabled === 1).map((r) => [r.id, r]))
    for (const [id, entry] of this.running) {
      const row = wanted.get(id)
      if (!row || fingerprint(row) !== entry.fingerprint) {
        this.running.delete(id)
        await entry.connector.stop().catch((err) => this.log.error({ err, connectorId: id }, 'stop failed'))
      }
    }
    for (const [id, row] of wanted) {
      if (this.running.has(id)) continue
      const factory = this.factories[row.kind]
      if (!factory) {
        this.log.error({ connectorId: id, kind: row.kind }, 'unknown connector kind')
        continue
      }
      const connector = await factory(id, JSON.parse(row.config), this.sink, this.log.child({ connectorId: id }))
      this.running.set(id, { connector, fingerprint: fingerprint(row) })
      await startWithin(connector, START_WAIT_MS).catch((err: unknown) =>
        this.log.warn({ err, connectorId: id }, 'connector not up yet; it keeps trying'),
      )
    }
    this.routes = await listRoutes(this.db)
  }

  get(id: string): Connector | undefined {
    return this.running.get(id)?.connector
  }

  isUp = (id: string): boolean => this.running.get(id)?.connector.isUp() ?? false

  routeTable(): readonly Route[] {
    return this.routes
  }

  connectors(): Connector[] {
    return [...this.running.values()].map((e) => e.connector)
  }

  async stopAll(): Promise<void> {
    const all = [...this.running.values()]
    this.running.clear()
    await Promise.all(all.map((e) => e.connector.stop()))
  }
}

function fingerprint(row: { kind: string; config: string }): string {
  return `${row.kind}:${row.config}`
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
