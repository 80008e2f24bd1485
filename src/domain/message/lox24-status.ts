import { SMS_STATUS, type SmsStatusName } from './status.js'

// What the LOX24 API may show as an SMS's status_code: only the values of the official client's
// SmsStatus enum (spec §15.2). The store keeps finer codes (e.g. 2010, no route); each is shown
// as its spec value, and the finer reason goes into `status_reason`, a field of our own.

export const LOX24_SMS_STATUS_CODES = [0, 100, 208, 410, 2000, 3000, 5000] as const
export type Lox24SmsStatusCode = (typeof LOX24_SMS_STATUS_CODES)[number]

export const STATUS_REASONS = [
  'new',
  'sent',
  'blocked',
  'cancelled',
  'gateway_error',
  'no_route',
  'no_funds',
  'system_error',
] as const
export type StatusReason = (typeof STATUS_REASONS)[number]

export type Lox24Status = { status_code: Lox24SmsStatusCode; status_reason: StatusReason }

/** Every status the store can hold → what the API shows. Typed: a new store code needs a row. */
export const LOX24_STATUS: Record<SmsStatusName, Lox24Status> = {
  NEW: { status_code: 0, status_reason: 'new' },
  SENT: { status_code: 100, status_reason: 'sent' },
  BLOCKED: { status_code: 208, status_reason: 'blocked' },
  CANCELLED: { status_code: 410, status_reason: 'cancelled' },
  GATEWAY_ERROR: { status_code: 2000, status_reason: 'gateway_error' },
  NO_ROUTE: { status_code: 2000, status_reason: 'no_route' },
  NO_FUNDS: { status_code: 3000, status_reason: 'no_funds' },
  SYSTEM_ERROR: { status_code: 5000, status_reason: 'system_error' },
}

const BY_STORED = new Map<number, Lox24Status>(
  (Object.keys(SMS_STATUS) as SmsStatusName[]).map((n) => [SMS_STATUS[n], LOX24_STATUS[n]]),
)
const UNKNOWN: Lox24Status = LOX24_STATUS.SYSTEM_ERROR

/** The status a stored status_code shows on the LOX24 API (and in events). */
export function lox24Status(stored: number): Lox24Status {
  return BY_STORED.get(stored) ?? UNKNOWN
}

/** The stored codes a filter on a spec status_code matches (2000 also finds no-route 2010). */
export function storedStatusCodes(shown: number): number[] {
  const out: number[] = []
  for (const [stored, s] of BY_STORED) if (s.status_code === shown) out.push(stored)
  return out.length === 0 ? [shown] : out
}
