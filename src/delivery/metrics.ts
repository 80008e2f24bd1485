import { Counter, Gauge, Registry } from 'prom-client'
import { queueDepth } from '../store/queue/queue-depth.js'
import { bulkProgress } from '../store/queue/bulk-progress.js'
import type { ServiceDeps } from '../services/deps.js'
import type { ConnectorRegistry } from './connector-registry.js'
import type { ConnectorStats } from './connectors/connector.js'

export type DeliveryMetrics = {
  registry: Registry
  dlrReceived: Counter<'connector' | 'state'>
}

type Pick1 = (s: ConnectorStats) => number | null

/**
 * Prometheus metrics of the delivery engine. Connector figures are read from the connectors at
 * scrape; the queue and bulk figures by a count in the store at scrape.
 */
export function createDeliveryMetrics(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  connectors: () => ConnectorRegistry | null,
): DeliveryMetrics {
  const registry = new Registry()
  const each = (pick: Pick1, set: (connector: string, v: number) => void) => {
    for (const c of connectors()?.connectors() ?? []) {
      const v = pick(c.stats())
      if (v !== null && Number.isFinite(v)) set(c.id, v)
    }
  }
  // A connector counts from its start; a counter that goes back to zero (a connector restarted
  // after a change) is a counter reset, which rate() and increase() expect.
  const counter = (name: string, help: string, pick: Pick1) =>
    new Counter({
      name,
      help,
      labelNames: ['connector'],
      registers: [registry],
      collect() {
        this.reset()
        each(pick, (connector, v) => this.inc({ connector }, v))
      },
    })
  const gauge = (name: string, help: string, pick: Pick1) =>
    new Gauge({
      name,
      help,
      labelNames: ['connector'],
      registers: [registry],
      collect() {
        this.reset()
        each(pick, (connector, v) => this.set({ connector }, v))
      },
    })
  counter('taube_connector_submitted_total', 'Messages handed to the connector', (s) => s.submitted)
  counter(
    'taube_connector_acknowledged_total',
    'Messages the carrier accepted',
    (s) => s.acknowledged,
  )
  counter('taube_connector_failed_total', 'Messages the carrier refused', (s) => s.failed)
  gauge(
    'taube_connector_in_flight',
    'Submits awaiting the carrier (window in use)',
    (s) => s.inFlight,
  )
  gauge('taube_connector_window', 'Current window (outstanding submits allowed)', (s) => s.window)
  gauge('taube_connector_rate_per_second', 'Current throughput limit', (s) => s.ratePerS)
  gauge('taube_connector_up', '1 when at least one link is bound', (s) => (s.up ? 1 : 0))
  new Gauge({
    name: 'taube_queue_depth',
    help: 'Messages waiting to be sent: due now, and scheduled for later',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const d = await queueDepth(deps.db, deps.clock.nowMs())
      this.set({ kind: 'due' }, d.due)
      this.set({ kind: 'scheduled' }, d.scheduled)
    },
  })
  // Both bulk gauges come from one count per scrape.
  let progress: ReturnType<typeof bulkProgress> | null = null
  const bulks = () => {
    progress ??= bulkProgress(deps.db).finally(() => setImmediate(() => (progress = null)))
    return progress
  }
  new Gauge({
    name: 'taube_bulks_open',
    help: 'Bulks whose messages are not all made yet: new (waiting for expansion), expanding',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const p = await bulks()
      this.set({ state: 'new' }, p.new)
      this.set({ state: 'expanding' }, p.expanding)
    },
  })
  new Gauge({
    name: 'taube_bulk_messages_made',
    help: 'Messages made so far for the bulks being expanded',
    registers: [registry],
    async collect() {
      this.set((await bulks()).made)
    },
  })
  const dlrReceived = new Counter({
    name: 'taube_dlr_received_total',
    help: 'Delivery receipts received, by receipt state',
    labelNames: ['connector', 'state'] as const,
    registers: [registry],
  })
  return { registry, dlrReceived }
}
