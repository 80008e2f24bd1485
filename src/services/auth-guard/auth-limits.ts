import type { AuthBlockKind } from '../../store/tables/auth.table.js'

export type { AuthBlockKind }

export const AUTH_BLOCK_KINDS = [
  'ip',
  'admin-ip',
  'account',
] as const satisfies readonly AuthBlockKind[]

export type AuthLimit = {
  /** This many failures within the window are tolerated; one more starts the block. */
  maxFailures: number
  /** A sliding window: the failures of the last `windowMs` count. */
  windowMs: number
  /** How long the block lasts; failures during it neither count nor extend it. */
  blockMs: number
}

/**
 * An address gets four tries a minute per API (spec §3.4, G-10). An account id gets eleven in
 * ten minutes from all addresses together: guessing spread over 600 addresses × 4 stops after
 * 11 guesses, while a holder who mistypes a few times is never near it.
 */
export const AUTH_LIMITS = {
  ip: { maxFailures: 3, windowMs: 60_000, blockMs: 600_000 },
  'admin-ip': { maxFailures: 3, windowMs: 60_000, blockMs: 600_000 },
  account: { maxFailures: 10, windowMs: 600_000, blockMs: 900_000 },
} as const satisfies Record<AuthBlockKind, AuthLimit>

/** An address an account's key authenticated from within this time passes its lockout. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 3_600_000
