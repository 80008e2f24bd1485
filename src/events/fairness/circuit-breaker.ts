// A circuit breaker per event target: a target that keeps failing is left alone for a cool-down,
// then tried with one probe at a time. Pure: time is passed in.

export type BreakerOptions = {
  /** Consecutive failed attempts (errors, timeouts, non-2xx answers) that open the breaker. */
  failures: number
  /** The first cool-down; each failed probe doubles it, up to maxCoolDownMs. */
  coolDownMs: number
  maxCoolDownMs: number
}

export const DEFAULT_BREAKER_OPTIONS: BreakerOptions = {
  failures: 5,
  coolDownMs: 30_000,
  maxCoolDownMs: 300_000,
}

export type BreakerState =
  | { kind: 'closed'; failures: number }
  | { kind: 'open'; untilMs: number; coolDownMs: number }
  | { kind: 'half-open'; probing: boolean; coolDownMs: number }

/** What an attempt was started as: only the probe's outcome decides a half-open breaker. */
export type Ticket = 'normal' | 'probe'

const CLOSED: BreakerState = { kind: 'closed', failures: 0 }

/** The breakers of every target; targets without one are closed. */
export class Breakers {
  private readonly states = new Map<string, BreakerState>()

  constructor(private readonly opts: BreakerOptions = DEFAULT_BREAKER_OPTIONS) {}

  state(target: string, nowMs: number): BreakerState {
    const s = this.states.get(target) ?? CLOSED
    if (s.kind === 'open' && nowMs >= s.untilMs) {
      const half: BreakerState = { kind: 'half-open', probing: false, coolDownMs: s.coolDownMs }
      this.states.set(target, half)
      return half
    }
    return s
  }

  /** How many attempts may start now: unlimited when closed, one probe when half-open. */
  room(target: string, nowMs: number): number {
    const s = this.state(target, nowMs)
    if (s.kind === 'closed') return Infinity
    if (s.kind === 'open') return 0
    return s.probing ? 0 : 1
  }

  /** An attempt starts; when half-open it is the probe. */
  started(target: string, nowMs: number): Ticket {
    const s = this.state(target, nowMs)
    if (s.kind !== 'half-open') return 'normal'
    this.states.set(target, { kind: 'half-open', probing: true, coolDownMs: s.coolDownMs })
    return 'probe'
  }

  /**
   * An attempt ended. Outcomes of attempts started before the breaker opened change nothing
   * while it is open or half-open: only the probe speaks for the target then.
   */
  finished(target: string, ticket: Ticket, ok: boolean, nowMs: number): void {
    const s = this.state(target, nowMs)
    if (s.kind === 'closed') {
      if (ok) {
        if (s.failures > 0) this.states.delete(target)
        return
      }
      const failures = s.failures + 1
      if (failures < this.opts.failures) this.states.set(target, { kind: 'closed', failures })
      else this.open(target, this.opts.coolDownMs, nowMs)
      return
    }
    if (s.kind !== 'half-open' || ticket !== 'probe') return
    if (ok) this.states.delete(target)
    else this.open(target, Math.min(s.coolDownMs * 2, this.opts.maxCoolDownMs), nowMs)
  }

  /** An attempt started as the probe was not made after all (its webhook went away). */
  abandoned(target: string, ticket: Ticket, nowMs: number): void {
    const s = this.state(target, nowMs)
    if (ticket === 'probe' && s.kind === 'half-open') {
      this.states.set(target, { kind: 'half-open', probing: false, coolDownMs: s.coolDownMs })
    }
  }

  /** When the earliest open breaker lets a probe through, or null. */
  nextProbeAt(): number | null {
    let next: number | null = null
    for (const s of this.states.values()) {
      if (s.kind === 'open' && (next === null || s.untilMs < next)) next = s.untilMs
    }
    return next
  }

  private open(target: string, coolDownMs: number, nowMs: number): void {
    this.states.set(target, { kind: 'open', untilMs: nowMs + coolDownMs, coolDownMs })
  }
}
