// How a voice call ends, and the delivery report each ending becomes (decisions.md, "Voice
// messages"): a call is delivered when it was answered; the others are final failures.
import type { ReceiptState } from '../dlr/receipt-state.js'

export const CALL_OUTCOMES = ['answered', 'busy', 'no-answer', 'failed'] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

/** The receipt state (hence the dlr_code) and the error code kept on the message. */
export const CALL_OUTCOME_RECEIPTS = {
  answered: { state: 'DELIVRD', error: null }, // dlr_code 1
  busy: { state: 'UNDELIV', error: 'BUSY' }, // dlr_code 16
  'no-answer': { state: 'EXPIRED', error: 'NO_ANSWER' }, // dlr_code 8: not reached in time
  failed: { state: 'UNDELIV', error: 'CALL_FAILED' }, // dlr_code 16
} as const satisfies Record<CallOutcome, { state: ReceiptState; error: string | null }>

export function isCallOutcome(s: string): s is CallOutcome {
  return (CALL_OUTCOMES as readonly string[]).includes(s)
}
