import type { MessagePort, Worker } from 'node:worker_threads'
import type { WorkerPlace } from '../events/hand-off.js'
import type { Outbox } from '../events/outbox.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'
import type { ServiceDeps } from '../services/deps.js'
import type { WorkSignal } from '../store/queue/work-signal.js'

/** What the threads of one process tell each other. */
export type LinkMessage =
  | { t: 'wake'; signal: string }
  | { t: 'forget-targets'; accountId: number }
  | { t: 'event-worker'; place: WorkerPlace | null }
  | { t: 'events'; rows: EventDeliveryRow[] }
  | { t: 'call'; id: number; method: string; args: unknown[] }
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: string }

type Port = Pick<MessagePort | Worker, 'postMessage' | 'on' | 'off'>

/**
 * The API thread and the delivery thread share the SQLite file, and through this link what the
 * store cannot tell at once: that work was queued (each side's waiting workers wake instead of
 * polling), that an account's event targets changed, and calls into the delivery engine (live
 * connector state, carrier callbacks, simulated inbound SMS, metrics). As LISTEN/NOTIFY does
 * between processes, a signal crosses at most once per turn of the event loop.
 */
export class ThreadLink {
  private nextId = 1
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >()
  private readonly onMessage: (m: LinkMessage) => void
  private unlinks: (() => void)[] = []
  private signals: Record<string, WorkSignal> = {}
  private outbox: Outbox | null = null

  constructor(
    private readonly port: Port,
    private readonly serve: Record<string, (...args: never[]) => unknown> = {},
  ) {
    this.onMessage = (m) => this.receive(m)
    port.on('message', this.onMessage)
  }

  /** What both threads of a process link: the queues they share and the event outbox. */
  linkDeps(deps: Pick<ServiceDeps, 'queued' | 'bulks' | 'outbox'>): void {
    this.linkSignals({ sms: deps.queued, bulks: deps.bulks, events: deps.outbox.ready })
    this.linkOutbox(deps.outbox)
  }

  /** Queues of the same name on both sides wake each other. */
  linkSignals(signals: Record<string, WorkSignal>): void {
    this.signals = signals
    for (const [name, signal] of Object.entries(signals)) {
      let pending = false
      signal.onNotify = () => {
        if (pending) return
        pending = true
        setImmediate(() => {
          pending = false
          this.port.postMessage({ t: 'wake', signal: name } satisfies LinkMessage)
        })
      }
      this.unlinks.push(() => {
        signal.onNotify = null
      })
    }
  }

  linkOutbox(outbox: Outbox): void {
    this.outbox = outbox
    outbox.onInvalidate = (accountId) =>
      this.port.postMessage({ t: 'forget-targets', accountId } satisfies LinkMessage)
    // The event worker's thread tells the other where it takes deliveries, which come back here.
    outbox.onWorker = (place) =>
      this.port.postMessage({ t: 'event-worker', place } satisfies LinkMessage)
    this.unlinks.push(() => {
      outbox.onInvalidate = null
      outbox.onWorker = null
    })
  }

  /** A call that wants no answer (id 0): the callee handles its own failures. */
  tell(method: string, ...args: unknown[]): void {
    this.port.postMessage({ t: 'call', id: 0, method, args } satisfies LinkMessage)
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.port.postMessage({ t: 'call', id, method, args } satisfies LinkMessage)
    })
  }

  /** Stops listening; calls still waiting fail with `reason`. */
  close(reason = 'the delivery thread stopped'): void {
    this.port.off('message', this.onMessage)
    for (const unlink of this.unlinks) unlink()
    this.unlinks = []
    for (const p of this.pending.values()) p.reject(new Error(reason))
    this.pending.clear()
  }

  private receive(m: LinkMessage): void {
    switch (m.t) {
      case 'wake':
        this.signals[m.signal]?.wake()
        return
      case 'forget-targets':
        this.outbox?.forget(m.accountId)
        return
      case 'event-worker':
        this.outbox?.useRemoteWorker(m.place, (rows) =>
          this.port.postMessage({ t: 'events', rows } satisfies LinkMessage),
        )
        return
      case 'events':
        for (const row of m.rows) this.outbox?.handOff?.deliver(row)
        return
      case 'result': {
        const p = this.pending.get(m.id)
        this.pending.delete(m.id)
        if (m.ok) p?.resolve(m.value)
        else p?.reject(new Error(m.error))
        return
      }
      case 'call':
        void this.answer(m)
    }
  }

  private async answer(m: Extract<LinkMessage, { t: 'call' }>): Promise<void> {
    const fn = this.serve[m.method]
    try {
      if (!fn) throw new Error(`no such call: ${m.method}`)
      const value = await (fn as (...args: unknown[]) => unknown)(...m.args)
      if (m.id === 0) return
      this.port.postMessage({ t: 'result', id: m.id, ok: true, value } satisfies LinkMessage)
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      if (m.id === 0) return
      this.port.postMessage({ t: 'result', id: m.id, ok: false, error } satisfies LinkMessage)
    }
  }
}

/**
 * A thread that fails or ends closes its link, and fails the process unless it was being
 * stopped: the caller ends the process, and the store's leases return what the thread held.
 */
export function watchThread(
  worker: Worker,
  link: ThreadLink,
  name: string,
  stopping: () => boolean,
  onFailure: (err: Error) => void,
): void {
  worker.on('error', (err) => {
    link.close(`the ${name} failed`)
    if (!stopping()) onFailure(err)
  })
  worker.on('exit', (code) => {
    link.close(`the ${name} ended`)
    if (!stopping()) onFailure(new Error(`the ${name} ended with code ${code}`))
  })
}
