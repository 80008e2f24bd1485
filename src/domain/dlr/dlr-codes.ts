// Receipt state → LOX24 dlr_code (spec §15.1: 1 delivered, 2 queued, 4 submit ack, 8 expired,
// 16 rejected) and the outcome the gateway records; the roll-up of a concatenated message's parts.

import type { ReceiptState } from './receipt-state.js'

export type DlrCode = 1 | 2 | 4 | 8 | 16
export type DlrOutcome = 'delivered' | 'expired' | 'rejected' | 'pending'

export const DLR_CODES = {
  DELIVRD: { dlrCode: 1, outcome: 'delivered' },
  EXPIRED: { dlrCode: 8, outcome: 'expired' },
  DELETED: { dlrCode: 16, outcome: 'rejected' },
  UNDELIV: { dlrCode: 16, outcome: 'rejected' },
  REJECTD: { dlrCode: 16, outcome: 'rejected' },
  ACCEPTD: { dlrCode: 4, outcome: 'pending' },
  ENROUTE: { dlrCode: 2, outcome: 'pending' },
  UNKNOWN: { dlrCode: 2, outcome: 'pending' },
} as const satisfies Record<ReceiptState, { dlrCode: DlrCode; outcome: DlrOutcome }>

/** Whether no later receipt can change the state. */
export function isFinalState(state: ReceiptState): boolean {
  return DLR_CODES[state].outcome !== 'pending'
}

/**
 * How bad a final state is; the worst part decides a concatenated message. Rejections rank
 * above expiry, expiry above delivery; among rejections the order only makes the result
 * deterministic.
 */
const SEVERITY = {
  DELIVRD: 0,
  EXPIRED: 1,
  DELETED: 2,
  UNDELIV: 3,
  REJECTD: 4,
  ACCEPTD: -1,
  ENROUTE: -1,
  UNKNOWN: -1,
} as const satisfies Record<ReceiptState, number>

export type RolledUp = { state: ReceiptState | null; final: boolean }

/**
 * The state of a message from its parts' receipts (null = none yet), whichever part came first.
 * - final when every part has a final state: DELIVRD only when all parts are, else the worst;
 * - otherwise not final: the first pending state in part order, ENROUTE when the parts still
 *   waiting have said nothing yet, null when no part has reported at all.
 */
export function rollUp(parts: readonly (ReceiptState | null)[]): RolledUp {
  if (parts.length === 0 || parts.every((p) => p === null)) return { state: null, final: false }
  const finals = parts.filter((p): p is ReceiptState => p !== null && isFinalState(p))
  if (finals.length === parts.length) {
    const worst = finals.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a))
    return { state: worst, final: true }
  }
  const pending = parts.find((p): p is ReceiptState => p !== null && !isFinalState(p))
  return { state: pending ?? 'ENROUTE', final: false }
}

export { MESSAGE_STATE_NUMBERS, receiptStateFromNumber } from './receipt-state.js'
