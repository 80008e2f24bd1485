// Per-address limits of the SMTP server: open connections, and mails per minute as a token
// bucket (a burst of a minute's worth, refilled evenly). An address over either is answered with
// a 4xx, so a well-behaved client queues and retries: nothing it was told was accepted is lost.

export class ConnectionCount {
  private readonly open = new Map<string, number>()
  constructor(private readonly max: number) {}

  /** Counts the connection in; false (and not counted) when the address has `max` open. */
  enter(ip: string): boolean {
    const n = this.open.get(ip) ?? 0
    if (this.max > 0 && n >= this.max) return false
    this.open.set(ip, n + 1)
    return true
  }

  leave(ip: string): void {
    const n = (this.open.get(ip) ?? 0) - 1
    if (n > 0) this.open.set(ip, n)
    else this.open.delete(ip)
  }
}

type Bucket = { tokens: number; at: number }

export class MailRate {
  private readonly buckets = new Map<string, Bucket>()
  constructor(private readonly perMinute: number) {}

  /** Takes one mail's token; false when the address has used its rate (0: no limit). */
  take(ip: string, nowMs: number): boolean {
    if (this.perMinute <= 0) return true
    // Full buckets carry no information: dropped now and then, so the map stays small.
    if (this.buckets.size > 10_000) this.sweep(nowMs)
    const b = this.buckets.get(ip) ?? { tokens: this.perMinute, at: nowMs }
    b.tokens = Math.min(this.perMinute, b.tokens + ((nowMs - b.at) * this.perMinute) / 60_000)
    b.at = nowMs
    this.buckets.set(ip, b)
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  private sweep(nowMs: number): void {
    for (const [ip, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) * this.perMinute) / 60_000 >= this.perMinute) {
        this.buckets.delete(ip)
      }
    }
  }
}
