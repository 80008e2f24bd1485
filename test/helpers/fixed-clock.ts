import type { Clock } from '../../src/shared/clock.js'

/** A clock tests move by hand, so timestamps and ordering are exact. */
export class FixedClock implements Clock {
  constructor(private ms = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  nowMs(): number {
    return this.ms
  }
  nowS(): number {
    return Math.floor(this.ms / 1000)
  }
  advance(ms: number): void {
    this.ms += ms
  }
}
