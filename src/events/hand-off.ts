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

  constructor(
    readonly room: SharedRoom,
    readonly owner: string,
    readonly leaseMs: number,
    private readonly post: (rows: EventDeliveryRow[]) => void,
  ) {}

  get place(): WorkerPlace {
    return { room: this.room.buffer, owner: this.owner, leaseMs: this.leaseMs }
  }

  take(): boolean {
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

/** Where another thread of the process finds the event worker: its room and its lease. */
export type WorkerPlace = { room: SharedArrayBuffer; owner: string; leaseMs: number }

export function handOffTo(
  place: WorkerPlace,
  post: (rows: EventDeliveryRow[]) => void,
): WorkerHandOff {
  return new WorkerHandOff(new SharedRoom(place.room), place.owner, place.leaseMs, post)
}
