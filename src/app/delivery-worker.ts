import { parentPort, workerData } from 'node:worker_threads'
import type { Config } from '../config/schema.js'
import { startDelivery, type Delivery } from './delivery-runtime.js'
import type { ClaimedSms } from '../store/queue/claim.js'
import { SharedRoom } from '../store/queue/shared-room.js'
import { ThreadWriteLock } from '../store/sqlite-write-lock.js'
import { startBulks } from './bulks.js'
import { createContext, type AppContext } from './context.js'
import { ThreadLink } from './thread-link.js'
import type { DeliveryPort, SimulatedMo } from '../services/delivery-port.js'

/**
 * The delivery thread of a single SQLite process: what `--role dispatcher` runs (carrier links,
 * the send queue, receipt and inbound intake, bulk expansion), on its own connection to the
 * same file. The API thread drives it through the link.
 */
const { config, writeLock, room } = workerData as {
  config: Config
  writeLock: SharedArrayBuffer
  room: SharedArrayBuffer
}
if (!parentPort) throw new Error('delivery-worker runs as a worker thread')
const parent = parentPort

let ctx: AppContext | null = null
let delivery: Delivery | null = null
const engine = (): AppContext => {
  if (!ctx) throw new Error('the delivery engine is not started')
  return ctx
}
const port = (): DeliveryPort => {
  if (!delivery) throw new Error('the delivery engine is not started')
  return delivery.port
}

const link = new ThreadLink(parent, {
  async start() {
    // The main thread reports the figures of the process (CPU, memory) for both threads.
    const c = await createContext(config, {
      sqliteWriteLock: new ThreadWriteLock(writeLock),
      processMetrics: false,
    })
    ctx = c
    link.linkDeps(c.deps)
    delivery = await startDelivery(c, {}, new SharedRoom(room))
    await startBulks(c)
    // Where the API thread stores the messages it hands over.
    return { owner: delivery.dispatcher.workerId, leaseMs: delivery.dispatcher.leaseMs }
  },
  adopt: (messages: ClaimedSms[]) => delivery?.dispatcher.adopt(messages),
  async stop() {
    if (!ctx) return {}
    const log = ctx.log
    const report = await ctx.lifecycle.stopAll((name, err) =>
      log.error({ err, name }, 'stop failed'),
    )
    link.close()
    // What the engine finished, for the shutdown line of the process.
    return report.drained
  },
  reload: () => port().configChanged(),
  connectorState: (id: string) => port().connectorState(id),
  httpCallback: (...args: Parameters<DeliveryPort['httpCallback']>) => port().httpCallback(...args),
  simulateMo: (mo: SimulatedMo) => port().simulateMo(mo),
  metrics: () => engine().metrics.text(),
})
