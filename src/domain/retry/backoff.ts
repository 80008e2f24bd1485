// When a message the carrier could not take now is tried again.

/** Attempts before a message that keeps failing temporarily is given up as failed. */
export const MAX_SUBMIT_ATTEMPTS = 12

/** 1 s, 2 s, 4 s … capped at 5 min; `jitter` in [0, 1) spreads retries of a burst apart. */
export function retryDelayMs(attempt: number, jitter: number, hintMs?: number): number {
  const base = Math.min(300_000, 1000 * 2 ** Math.max(0, attempt - 1))
  return Math.max(hintMs ?? 0, Math.round(base * (0.75 + jitter * 0.5)))
}
