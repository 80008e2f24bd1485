import type { AppContext } from '../app/context.js'
import type { ConnectorSink } from './connectors/connector.js'
import { takesHttpCallbacks } from './connectors/http/http-callback.js'
import type { HttpConnectorConfig } from './connectors/http/http-config.js'
import { createSimulatorConnector } from './connectors/simulator/simulator-connector.js'
import type { SimulatorConfig } from './connectors/simulator/simulator-config.js'
import type { SmppConnectorConfig } from './connectors/smpp/smpp-config.js'
import { ConnectorRegistry, type ConnectorFactory } from './connector-registry.js'
import { Dispatcher, type DispatcherOptions } from './dispatcher.js'
import { DlrIntake } from './dlr-intake.js'
import { createDeliveryMetrics } from './metrics.js'

export type Delivery = { registry: ConnectorRegistry; dispatcher: Dispatcher; reload: () => Promise<void> }

const FACTORIES: Record<string, ConnectorFactory> = {
  simulator: (id, config, sink) => createSimulatorConnector(id, config as SimulatorConfig, sink),
  // Loaded on first use: a gateway without SMPP links never loads the SMPP stack.
  smpp: async (id, config, sink, log) =>
    (await import('./connectors/smpp/smpp-connector.js')).createSmppConnector(
      id,
      config as SmppConnectorConfig,
      sink,
      log,
    ),
  // Loaded on first use as well: undici only where an HTTP carrier is configured.
  http: async (id, config, sink, log) =>
    (await import('./connectors/http/http-connector.js')).createHttpConnector(
      id,
      config as HttpConnectorConfig,
      sink,
      log,
    ),
}

/** Starts connectors and the dispatcher; they stop, in reverse, with the context. */
export async function startDelivery(ctx: AppContext, opts: Partial<DispatcherOptions> = {}): Promise<Delivery> {
  let registry: ConnectorRegistry | null = null
  const metrics = createDeliveryMetrics(ctx.deps, () => registry)
  const intake = new DlrIntake(ctx.deps, (connector, state) => metrics.dlrReceived.inc({ connector, state }))
  const sink: ConnectorSink = {
    report: (connectorId, report) => intake.report(connectorId, report),
    // Inbound SMS are not stored yet: refusing makes the connector answer a temporary error, so
    // the SMSC keeps the message and offers it again instead of it being lost here.
    mo: (connectorId, mo) => {
      ctx.log.warn({ connectorId, to: mo.to }, 'inbound SMS refused for now: inbound handling is not built yet')
      throw new Error('inbound SMS are not accepted yet')
    },
  }
  const connectors = new ConnectorRegistry(ctx.deps.db, sink, FACTORIES, ctx.log)
  registry = connectors
  await connectors.load()
  ctx.lifecycle.add('connectors', () => connectors.stopAll())
  const dispatcher = new Dispatcher(ctx.deps, connectors, {
    releaseAllLeasesAtStart: ctx.deps.dialect === 'sqlite',
    ...opts,
  })
  await dispatcher.start()
  ctx.lifecycle.add('dispatcher', () => dispatcher.stop())
  ctx.onDeliveryConfigChanged = () => connectors.load()
  ctx.httpCallback = (connectorId, params) => {
    const c = connectors.get(connectorId)
    if (!takesHttpCallbacks(c)) return 'unknown-connector'
    const r = c.handleCallback(params)
    return r.ok ? 'ok' : r.reason
  }
  ctx.connectorState = (id) => connectors.get(id)?.stats() ?? null
  ctx.metrics = async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() })
  return { registry: connectors, dispatcher, reload: () => connectors.load() }
}
