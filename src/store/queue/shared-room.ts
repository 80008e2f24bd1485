/** Far below any room: what is given back to a closed room leaves it closed. */
const CLOSED = -(2 ** 30)

/**
 * The room left under a worker's bound on rows in flight, as a word in shared memory: the
 * worker's claims take from it, and so can another thread of the process that hands rows to
 * the worker directly, both against the same bound. Work that settles gives its place back.
 */
export class SharedRoom {
  private readonly cell: Int32Array

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer)
  }

  /** `places` free: the worker takes work. */
  open(places: number): void {
    Atomics.store(this.cell, 0, places)
  }

  /** The worker takes no more work: nothing can be taken, whatever is given back later. */
  close(): void {
    Atomics.store(this.cell, 0, CLOSED)
  }

  /** Takes up to `n` places; how many it got (0 when none is free). */
  take(n: number): number {
    for (;;) {
      const free = Atomics.load(this.cell, 0)
      const got = Math.min(n, free)
      if (got <= 0) return 0
      if (Atomics.compareExchange(this.cell, 0, free, free - got) === free) return got
    }
  }

  /**
   * Holds `n` places, free or not: for rows a claim found, which others' takes while it ran may
   * have left no room for. The room is short by as many until work settles.
   */
  hold(n: number): void {
    if (n > 0) Atomics.sub(this.cell, 0, n)
  }

  give(n: number): void {
    if (n > 0) Atomics.add(this.cell, 0, n)
  }

  get free(): number {
    return Math.max(0, Atomics.load(this.cell, 0))
  }
}
