/** Time as a dependency, so services and tests agree on "now". */
export type Clock = { nowMs(): number }

export const systemClock: Clock = { nowMs: () => Date.now() }

export function unixSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000)
}
