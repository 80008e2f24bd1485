// A token bucket: `ratePerS` tokens a second, at most `burst` saved up. Time is passed in.

export class TokenBucket {
  #tokens: number
  #last: number

  constructor(
    private ratePerS: number,
    private burst: number,
    nowMs: number,
  ) {
    this.#tokens = burst
    this.#last = nowMs
  }

  get rate(): number {
    return this.ratePerS
  }

  /** Changes the rate (and burst); tokens saved up above the new burst are dropped. */
  setRate(ratePerS: number, burst: number, nowMs: number): void {
    this.#refill(nowMs)
    this.ratePerS = ratePerS
    this.burst = burst
    this.#tokens = Math.min(this.#tokens, burst)
  }

  tryTake(nowMs: number): boolean {
    this.#refill(nowMs)
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Milliseconds until a token is there (0 = now). */
  waitMs(nowMs: number): number {
    this.#refill(nowMs)
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.ratePerS)
  }

  #refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.#last)
    this.#last = nowMs
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed * this.ratePerS) / 1000)
  }
}
