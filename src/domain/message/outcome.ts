// What happens to a message, decided in one place: after a submit that failed (retry, expire or
// fail, and whether the price goes back) and after a receipt (the roll-up of its parts into the
// message's dlr_code and state). The dispatcher and the receipt intake only store what this says.

import { DLR_CODES, rollUp } from '../dlr/dlr-codes.js'
import type { DlrCode } from '../dlr/dlr-codes.js'
import type { ReceiptState } from '../dlr/receipt-state.js'
import { MAX_SUBMIT_ATTEMPTS, retryDelayMs } from '../retry/backoff.js'
import { nextStatus, SMS_STATUS } from './status.js'
import type { MessageState, SmsStatusCode } from './status.js'

/** The message was not sent now, and why; the carrier's answer or the gateway's own reason. */
export type SubmitFailure = {
  /** Another attempt may succeed (throttling, a link down); false: refused for good. */
  retry: boolean
  /** The carrier's error name, or the gateway's: NO_ROUTE, EXPIRED_IN_QUEUE, NO_CONNECTOR_UP … */
  code: string
  /** The carrier asked to wait this long before the next attempt. */
  retryAfterMs?: number | undefined
}

export type SubmitFacts = {
  /** Attempts made so far, this one included. */
  attempts: number
  /** Null: no validity period. */
  validUntilMs: number | null
  nowMs: number
  /** In [0, 1): spreads the retries of a burst apart. */
  jitter: number
  /** A carrier took some of its parts (in this attempt or an earlier one). */
  partlySent: boolean
}

export type AfterFailedSubmit =
  | { kind: 'retry'; dueAtMs: number }
  | {
      kind: 'end'
      state: Extract<MessageState, 'expired' | 'failed'>
      statusCode: SmsStatusCode
      dlrCode: DlrCode
      /** The reserved price goes back: no part of it reached a carrier. */
      refund: boolean
    }

/** Whether a message claimed now is past its validity and goes out no more. */
export function expiredBeforeSubmit(validUntilMs: number | null, nowMs: number): boolean {
  return validUntilMs !== null && nowMs > validUntilMs
}

/**
 * A temporary failure is retried with backoff while attempts remain and the retry falls within
 * the validity period; one that would fall after it expires the message (dlr_code 8). A refusal
 * for good fails it (16), as no route (status 2010) or a gateway error (2000).
 */
export function afterFailedSubmit(failure: SubmitFailure, facts: SubmitFacts): AfterFailedSubmit {
  const dueAtMs = facts.nowMs + retryDelayMs(facts.attempts, facts.jitter, failure.retryAfterMs)
  const validUntil = facts.validUntilMs ?? Infinity
  if (failure.retry && facts.attempts < MAX_SUBMIT_ATTEMPTS && dueAtMs < validUntil) {
    return { kind: 'retry', dueAtMs }
  }
  const expired = failure.code === 'EXPIRED_IN_QUEUE' || (failure.retry && dueAtMs >= validUntil)
  const refund = !facts.partlySent
  if (expired) {
    const statusCode = nextStatus('submitting', { type: 'expired_in_queue' })!.status
    return { kind: 'end', state: 'expired', statusCode, dlrCode: 8, refund }
  }
  const statusCode = failure.code === 'NO_ROUTE' ? SMS_STATUS.NO_ROUTE : SMS_STATUS.GATEWAY_ERROR
  return { kind: 'end', state: 'failed', statusCode, dlrCode: 16, refund }
}

export type AfterReceipt = { dlrCode: DlrCode; state: MessageState; final: boolean }

/**
 * What the receipts of a message's parts (null: none yet from that part) make of a sent
 * message: its dlr_code and state, final once every part is; null when they change nothing.
 */
export function afterReceipts(parts: readonly (ReceiptState | null)[]): AfterReceipt | null {
  const rolled = rollUp(parts)
  if (rolled.state === null) return null
  const { dlrCode, outcome } = DLR_CODES[rolled.state]
  const to = nextStatus('sent', { type: 'dlr', outcome: rolled.final ? outcome : 'pending' })
  return to ? { dlrCode, state: to.state, final: rolled.final } : null
}
