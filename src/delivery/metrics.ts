import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import { queueDepth } from '../store/queue/queue-depth.js'
import type { ServiceDeps } from '../services/deps.js'
import type { ConnectorRegistry } from './connector-registry.js'
import type { ConnectorStats } from './connectors/connector.js'

export type DeliveryMetrics = {
  registry: Registry
  dlrReceived: Counter<'connector' | 'state'>
}

/** Per-process Prometheus metrics; connector figures are read from the connectors at scrape. */
export function createDeliveryMetrics(deps: Pick<ServiceDeps, 'db' | 'clock'>, connectors: () => ConnectorRegistry | null): DeliveryMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'taube_' })
  const perConnector = (name: string, help: string, pick: (s: ConnectorStats) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['connector'],
      registers: [registry],
      collect() {
        this.reset()
        for (const c of connectors()?.connectors() ?? []) {
          const v = pick(c.stats())
          if (v !== null && Number.isFinite(v)) this.set({ connector: c.id }, v)
        }
      },
    })
  perConnector('taube_connector_submitted_total', 'Messages handed to the connector', (s) => s.submitted)
  perConnector('taube_connector_acknowledged_total', 'Messages the carrier accepted', (s) => s.acknowledged)
  perConnector('taube_connector_failed_total', 'Messages the carrier refused', (s) => s.failed)
  perConnector('taube_connector_in_flight', 'Submits awaiting the carrier (window in use)', (s) => s.inFlight)
  perConnector('taube_connector_window', 'Current window (outstanding submits allowed)', (s) => s.window)
  perConnector('taube_connector_rate_per_second', 'Current throughput limit', (s) => s.ratePerS)
  perConnector('taube_connector_up', '1 when at least one link is bound', (s) => (s.up ? 1 : 0))
  new Gauge({
    name: 'taube_queue_depth',
    help: 'Messages waiting to be sent',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const d = await queueDepth(deps.db, deps.clock.nowMs())
      this.set({ kind: 'due' }, d.due)
      this.set({ kind: 'scheduled' }, d.scheduled)
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
