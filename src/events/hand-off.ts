import { SharedRoom } from '../store/queue/shared-room.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'

/**
 * The event worker of this process, taking deliveries straight from the outbox: a delivery due
 * now, with no earlier one of its message still open for its target, is stored already leased
 * to the worker, as its claim would have left it, and handed over once committed, instead of
 * waiting in the table for the next claim. Only while the worker has room under its bound on
 * deliveries in flight; otherwise the delivery is queued as ever.
 */
export type EventHandOff = {
  /** The worker's lease the handed deliveries are stored under. */
  readonly owner: string
  readonly leaseMs: number
  /** Takes one place of the worker's room; false when it has none. */
  take(): boolean
  /** A place taken for a delivery that was not stored leased after all. */
  giveBack(): void
  /** A delivery stored leased to the worker, after its commit. */
  deliver(row: EventDeliveryRow): void
}

/**
 * Hands deliveries to the event worker, which may run in another thread: places come from the
 * worker's shared room, and the deliveries of one turn of the event loop go over together. A
 * crash loses none: they are stored leased, and return to the queue as claimed ones do.
 */
export class WorkerHandOff implements EventHandOff {
  private waiting: EventDeliveryRow[] = []

  private readonly room: SharedRoom
  private readonly paused: Int32Array
  readonly owner: string
  readonly leaseMs: number

  constructor(
    readonly place: WorkerPlace,
    private readonly post: (rows: EventDeliveryRow[]) => void,
  ) {
    this.room = new SharedRoom(place.room)
    this.paused = new Int32Array(place.paused)
    this.owner = place.owner
    this.leaseMs = place.leaseMs
  }

  take(): boolean {
    // While the worker has sent deliveries back to the queue, new ones join them there.
    if (Atomics.load(this.paused, 0) !== 0) return false
    return this.room.take(1) === 1
  }

  giveBack(): void {
    this.room.give(1)
  }

  deliver(row: EventDeliveryRow): void {
    if (this.waiting.push(row) > 1) return
    setImmediate(() => {
      const rows = this.waiting
      this.waiting = []
      this.post(rows)
    })
  }
}

/**
 * Where any thread of the process finds the event worker: its room, whether it takes
 * hand-overs now (`paused`, a word in shared memory), and its lease.
 */
export type WorkerPlace = {
  room: SharedArrayBuffer
  paused: SharedArrayBuffer
  owner: string
  leaseMs: number
}

export function handOffTo(
  place: WorkerPlace,
  post: (rows: EventDeliveryRow[]) => void,
): WorkerHandOff {
  return new WorkerHandOff(place, post)
}
