/**
 * Tells waiting workers in this process that work was queued, so they need not poll. Across
 * processes (PostgreSQL) the same role falls to LISTEN/NOTIFY; polling remains the fallback.
 */
export class WorkSignal {
  private waiters: (() => void)[] = []
  /** Tells other processes too (set where they share the store). */
  onNotify: (() => void) | null = null

  notify(): void {
    this.wake()
    this.onNotify?.()
  }

  /** Wakes the waiters of this process only: for a notification that came from another. */
  wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const resolve of w) resolve()
  }

  /** Resolves on the next notify() or after `timeoutMs`, whichever comes first. */
  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs)
      const waiters = this.waiters
      function done() {
        clearTimeout(timer)
        const i = waiters.indexOf(done)
        if (i >= 0) waiters.splice(i, 1)
        resolve()
      }
      this.waiters.push(done)
    })
  }
}
