import { Worker } from 'node:worker_threads'
import type { ThreadWriteLock } from '../store/sqlite-write-lock.js'
import type { AppContext } from './context.js'
import type { DeliveryPort } from '../services/delivery-port.js'
import type { Drained } from './lifecycle.js'
import { ThreadLink, watchThread } from './thread-link.js'
import { DispatcherHandOff } from '../delivery/hand-off.js'
import { SharedRoom } from '../store/queue/shared-room.js'

const STOP_TIMEOUT_MS = 60_000

/**
 * Runs the delivery engine of this SQLite process in a thread of its own, so that accepting
 * requests and talking to carriers each get a core. The engine is the one `--role dispatcher`
 * runs; the API thread reaches it through the link as it would another process through the
 * store, plus the calls that need the live engine. A failed thread is a failed process: the
 * caller ends it, and the queue's leases return what was in flight on restart.
 */
export async function startDeliveryThread(
  ctx: AppContext,
  writeLock: ThreadWriteLock,
  onFailure: (err: Error) => void,
): Promise<DeliveryPort> {
  // The dispatcher's room, where this thread hands it the messages it accepts.
  const room = new SharedRoom()
  const worker = new Worker(new URL('./delivery-worker.js', import.meta.url), {
    workerData: { config: ctx.config, writeLock: writeLock.buffer, room: room.buffer },
  })
  const link = new ThreadLink(worker)
  link.linkDeps(ctx.deps)
  let stopping = false
  watchThread(worker, link, 'delivery thread', () => stopping, onFailure)
  const stop = async () => {
    stopping = true
    // The engine finishes what it claimed (submits time out after 10 s); a thread that does not
    // answer by then is ended anyway, and leases return what it held on the next start.
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), STOP_TIMEOUT_MS)
    })
    const drained = await Promise.race([link.call<Drained>('stop').catch(() => undefined), timeout])
    clearTimeout(timer)
    await worker.terminate()
    return drained ?? {}
  }
  let dispatcher: { owner: string; leaseMs: number }
  try {
    dispatcher = await link.call('start')
  } catch (err) {
    await stop()
    throw err
  }
  ctx.lifecycle.add('delivery thread', stop)
  ctx.metrics.set('delivery', () => link.call('metrics'))
  // The engine's port, its calls carried across the thread's message port.
  return {
    local: true,
    // Messages accepted here are stored in the shared room and adopted by the engine's thread.
    handOff: new DispatcherHandOff(room, dispatcher.owner, dispatcher.leaseMs, (messages) =>
      link.tell('adopt', messages),
    ),
    configChanged: () => link.call('reload'),
    connectorState: (id) => link.call('connectorState', id),
    httpCallback: (connectorId, kind, params) =>
      link.call('httpCallback', connectorId, kind, params),
    simulateMo: (mo) => link.call('simulateMo', mo),
  }
}
