// Adaptive flow control (AIMD) for one connector: the rate and per-session window it may use now.
// On ESME_RTHROTTLED / ESME_RMSGQFUL both are halved (at least 1) and sending pauses briefly; each
// later second with successful submits and no throttling adds 10 % of the configured value back,
// up to the configured maximum. Time is passed in.
import { TokenBucket } from '../../../smpp/token-bucket.js'

export type FlowControlConfig = {
  /** Configured per-session window. */
  window: number
  /** Configured submits per second over all sessions; null = unlimited. */
  ratePerS: number | null
  /** Pause after a throttling answer. */
  backoffMs: number
}

const SLOTS = 10
const SLOT_MS = 100

export class FlowControl {
  #window: number
  #bucket: TokenBucket | null = null
  /** Rate the additive step is a tenth of: the configured one, or when unlimited, the rate at the last decrease. */
  #reference: number
  #pausedUntil = 0
  #lastDecreaseAt = Number.NEGATIVE_INFINITY
  #lastIncreaseAt: number
  /** Submits started per 100 ms slot over the last second, to know the rate when unlimited. */
  #slots = new Array<number>(SLOTS).fill(0)
  #slotStart: number

  constructor(
    private readonly cfg: FlowControlConfig,
    nowMs: number,
  ) {
    this.#window = cfg.window
    this.#reference = cfg.ratePerS ?? 0
    if (cfg.ratePerS !== null)
      this.#bucket = new TokenBucket(cfg.ratePerS, burst(cfg.ratePerS), nowMs)
    this.#lastIncreaseAt = nowMs
    this.#slotStart = nowMs
  }

  /** Outstanding submits allowed per session now. */
  get window(): number {
    return Math.max(1, Math.floor(this.#window))
  }

  /** Submits per second allowed now; null = unlimited. */
  get ratePerS(): number | null {
    return this.#bucket ? Math.round(this.#bucket.rate * 100) / 100 : null
  }

  get backoffMs(): number {
    return this.cfg.backoffMs
  }

  /** Milliseconds before the next submit may start; 0 = now. */
  waitMs(nowMs: number): number {
    if (nowMs < this.#pausedUntil) return Math.ceil(this.#pausedUntil - nowMs)
    return this.#bucket?.waitMs(nowMs) ?? 0
  }

  /** A submit starts (call only when waitMs is 0). */
  take(nowMs: number): void {
    this.#bucket?.tryTake(nowMs)
    this.#advance(nowMs)
    this.#slots[SLOTS - 1]!++
  }

  /** The carrier said slow down. One decrease per backoff period, however many answers say so. */
  onThrottle(nowMs: number): void {
    if (nowMs - this.#lastDecreaseAt < this.cfg.backoffMs) return
    this.#lastDecreaseAt = nowMs
    const current = this.#bucket?.rate ?? Math.max(1, this.#measured(nowMs))
    if (this.cfg.ratePerS === null) this.#reference = current
    const rate = Math.max(1, current / 2)
    if (this.#bucket) this.#bucket.setRate(rate, burst(rate), nowMs)
    else this.#bucket = new TokenBucket(rate, burst(rate), nowMs)
    this.#window = Math.max(1, Math.floor(this.#window / 2))
    this.#pausedUntil = nowMs + this.cfg.backoffMs
    this.#lastIncreaseAt = this.#pausedUntil
  }

  /** A submit was accepted: after each clean second, step back up. */
  onSuccess(nowMs: number): void {
    if (nowMs - this.#lastIncreaseAt < 1000) return
    this.#lastIncreaseAt = nowMs
    this.#window = Math.min(this.cfg.window, this.#window + this.cfg.window / 10)
    if (!this.#bucket) return
    const max = this.cfg.ratePerS
    const rate = this.#bucket.rate + this.#reference / 10
    if (max !== null) this.#bucket.setRate(Math.min(max, rate), burst(Math.min(max, rate)), nowMs)
    else this.#bucket.setRate(rate, burst(rate), nowMs)
  }

  #measured(nowMs: number): number {
    this.#advance(nowMs)
    return this.#slots.reduce((a, b) => a + b, 0)
  }

  #advance(nowMs: number): void {
    const steps = Math.floor((nowMs - this.#slotStart) / SLOT_MS)
    if (steps <= 0) return
    if (steps >= SLOTS) this.#slots.fill(0)
    else this.#slots = [...this.#slots.slice(steps), ...new Array<number>(steps).fill(0)]
    this.#slotStart += steps * SLOT_MS
  }
}

/** Tokens saved up: 50 ms worth, so timers of 1 ms granularity can keep high rates. */
function burst(rate: number): number {
  return Math.max(1, Math.ceil(rate / 20))
}
