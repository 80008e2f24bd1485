import { randomUUID } from 'node:crypto'
import type { AppContext } from './context.js'
import { receiveMo, sweepMoParts } from '../services/incomings/receive-mo.js'
import type { ConnectorSink } from '../delivery/connectors/connector.js'
import { takesHttpCallbacks } from '../delivery/connectors/http/http-callback.js'
import { isSimulator } from '../delivery/connectors/simulator/simulator-connector.js'
import { BindSlots } from '../delivery/bind-slots.js'
import { CONNECTOR_KINDS } from '../delivery/connectors/kinds.js'
import { ConnectorRegistry, type ConnectorFactory } from '../delivery/connector-registry.js'
import { Dispatcher, type DispatcherOptions } from '../delivery/dispatcher.js'
import { DlrIntake } from '../delivery/dlr-intake.js'
import type { SharedRoom } from '../store/queue/shared-room.js'
import type { DeliveryPort } from '../services/delivery-port.js'
import { createDeliveryMetrics } from '../delivery/metrics.js'

/** How often a dispatcher renews its heartbeat and session slots (a third of their lease). */
const REFRESH_MS = 5_000

export type Delivery = { registry: ConnectorRegistry; dispatcher: Dispatcher; port: DeliveryPort }

const FACTORIES: Record<string, ConnectorFactory> = Object.fromEntries(
  Object.entries(CONNECTOR_KINDS).map(([kind, spec]) => [kind, spec.create]),
)

/**
 * Starts connectors and the dispatcher; they stop, in reverse, with the context. Messages
 * accepted in this thread are handed to the dispatcher; `room` is given where another thread
 * hands them over.
 */
export async function startDelivery(
  ctx: AppContext,
  opts: Partial<DispatcherOptions> = {},
  room?: SharedRoom,
): Promise<Delivery> {
  let registry: ConnectorRegistry | null = null
  const metrics = createDeliveryMetrics(ctx.deps, () => registry)
  const intake = new DlrIntake(ctx.deps, (connector, state) =>
    metrics.dlrReceived.inc({ connector, state }),
  )
  const sink: ConnectorSink = {
    report: (connectorId, report) => intake.report(connectorId, report),
    mo: (connectorId, mo) => receiveMo(ctx.deps, { connectorId, ...mo }),
  }
  const slots = new BindSlots(ctx.deps, `dispatcher-${randomUUID()}`)
  // A single-process store: whatever an earlier run held is free again.
  if (ctx.deps.dialect === 'sqlite') await slots.reset()
  await slots.beat()
  // Stops after the connectors (last in, first out): sessions are given back once unbound.
  ctx.lifecycle.add('bind slots', () => slots.release())
  const connectors = new ConnectorRegistry(ctx.deps.db, sink, FACTORIES, ctx.log, slots)
  registry = connectors
  await connectors.load()
  ctx.lifecycle.add('connectors', async () => {
    // What the simulator owes is sent at its next start; the shutdown line says how much.
    const receiptsHeld = connectors
      .connectors()
      .reduce((n, c) => n + (isSimulator(c) ? c.held() : 0), 0)
    await connectors.stopAll()
    return { receiptsHeld }
  })
  // Heartbeat, sessions shared anew as dispatchers come and go, and connector changes made by
  // another process picked up.
  const refresh = setInterval(() => {
    slots
      .beat()
      .then(() => connectors.load())
      .catch((err: unknown) => ctx.log.error({ err }, 'refreshing connectors failed'))
  }, REFRESH_MS)
  ctx.lifecycle.add('connector refresh', () => clearInterval(refresh))
  const dispatcher = new Dispatcher(
    ctx.deps,
    connectors,
    {
      releaseAllLeasesAtStart: ctx.deps.dialect === 'sqlite',
      inDoubtMs: ctx.config.inDoubtWaitS * 1000,
      idleMs: ctx.config.queuePollMs,
      ...opts,
    },
    intake,
    room,
  )
  await dispatcher.start()
  ctx.lifecycle.add('dispatcher', () => dispatcher.stop())
  const port: DeliveryPort = {
    local: true,
    handOff: dispatcher.handOff(),
    configChanged: () => connectors.load(),
    connectorState: async (id) => connectors.get(id)?.stats() ?? null,
    async httpCallback(connectorId, kind, params) {
      const c = connectors.get(connectorId)
      if (!takesHttpCallbacks(c)) return 'unknown-connector'
      const r = await (kind === 'mo' ? c.handleMo(params) : c.handleCallback(params))
      return r.ok ? 'ok' : r.reason
    },
    async simulateMo({ connector, ...mo }) {
      const sim = connector ? connectors.get(connector) : connectors.connectors().find(isSimulator)
      if (!isSimulator(sim) || !sim.isUp()) return 'no-simulator'
      const stored = await sim.originateMo(mo)
      if (!stored) throw new Error('a whole message was taken for a part')
      return stored
    },
  }
  // Parts of concatenated inbound SMS whose rest never came are stored as they are.
  const sweep = setInterval(() => {
    sweepMoParts(ctx.deps).catch((err: unknown) =>
      ctx.log.error({ err }, 'inbound part sweep failed'),
    )
  }, 30_000)
  ctx.lifecycle.add('inbound part sweep', () => clearInterval(sweep))
  ctx.metrics.set('delivery', metrics.registry)
  return { registry: connectors, dispatcher, port }
}
