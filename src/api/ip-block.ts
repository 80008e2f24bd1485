/**
 * Blocks an IP after repeated bad credentials (spec §3.4, G-10): more than `maxFailures` within
 * a sliding `windowMs` blocks every request from it for `blockMs`; the block is not extended.
 * State is per process: behind N API nodes a guesser gets at most N times the allowance.
 */
export class AuthFailureGuard {
  private readonly failures = new Map<string, number[]>()
  private readonly blockedUntil = new Map<string, number>()

  constructor(
    private readonly opts = { maxFailures: 3, windowMs: 60_000, blockMs: 600_000 },
  ) {}

  /** Milliseconds the IP stays blocked, 0 when it is not. */
  blockedFor(ip: string, now: number): number {
    const until = this.blockedUntil.get(ip)
    if (until === undefined) return 0
    if (until > now) return until - now
    this.blockedUntil.delete(ip)
    return 0
  }

  recordFailure(ip: string, now: number): void {
    if (this.blockedFor(ip, now) > 0) return
    const since = now - this.opts.windowMs
    const recent = (this.failures.get(ip) ?? []).filter((t) => t > since)
    recent.push(now)
    if (recent.length > this.opts.maxFailures) {
      this.blockedUntil.set(ip, now + this.opts.blockMs)
      this.failures.delete(ip)
    } else {
      this.failures.set(ip, recent)
    }
    if (this.failures.size > 100_000) this.prune(since)
  }

  private prune(since: number): void {
    for (const [ip, times] of this.failures) {
      if (times[times.length - 1]! <= since) this.failures.delete(ip)
    }
  }
}
