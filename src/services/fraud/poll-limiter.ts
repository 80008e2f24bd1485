const WINDOW_MS = 60_000
const MAX_KEYS = 100_000

/**
 * How often one check may be polled (spec §13.1: polling "could block your requests", G-40):
 * at most `perMinute` answers per check in any 60 s, counted in this process. The result comes
 * through `fraud-check.done`; polling is a fallback, not a loop.
 */
export class PollLimiter {
  private readonly seen = new Map<string, number[]>()

  constructor(readonly perMinute: number) {}

  /** Counts a poll; null when allowed, else the seconds until the next one is. */
  take(key: string, nowMs: number): number | null {
    const times = (this.seen.get(key) ?? []).filter((t) => t > nowMs - WINDOW_MS)
    if (times.length >= this.perMinute) {
      this.seen.set(key, times)
      return Math.max(1, Math.ceil((times[0]! + WINDOW_MS - nowMs) / 1000))
    }
    times.push(nowMs)
    if (!this.seen.has(key) && this.seen.size >= MAX_KEYS) this.seen.clear()
    this.seen.set(key, times)
    return null
  }
}
