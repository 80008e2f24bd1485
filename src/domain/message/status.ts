// The message lifecycle (one row per recipient) and the status_code each state shows at the API.
// Status codes follow the official LOX24 client's SmsStatus enum (spec §15.2, §22).

export const SMS_STATUS = {
  NEW: 0,
  SENT: 100,
  BLOCKED: 208,
  CANCELLED: 410,
  GATEWAY_ERROR: 2000,
  /** Beyond the client's enum, in its gateway-error family: no route carries the destination. */
  NO_ROUTE: 2010,
  NO_FUNDS: 3000,
  SYSTEM_ERROR: 5000,
} as const

export type SmsStatusName = keyof typeof SMS_STATUS
export type SmsStatusCode = (typeof SMS_STATUS)[SmsStatusName]

/**
 * Bulk status_code (spec §8.8): 0 and 5 are documented; the others (G-31) reuse the SMS
 * numbering so one number means one thing everywhere.
 */
export const BULK_STATUS = {
  NEW: 0,
  PROCESSING: 5,
  /** Every recipient has its SMS (or the dryrun was priced). */
  DONE: 100,
  CANCELLED: 410,
  /** Recipients added to a group after the bulk was priced could not be paid for. */
  NO_FUNDS: 3000,
  SYSTEM_ERROR: 5000,
} as const

/** A bulk in these states may still be cancelled; it is being or will be expanded. */
export const OPEN_BULK_STATUSES = [BULK_STATUS.NEW, BULK_STATUS.PROCESSING] as const

export const MESSAGE_STATES = [
  'scheduled', // delivery_at in the future
  'queued', // due, waiting for a dispatcher
  'submitting', // claimed under a lease
  'sent', // accepted by the carrier, waiting for a final DLR
  'delivered',
  'expired',
  'rejected',
  'failed', // never accepted by a carrier
  'cancelled',
] as const

export type MessageState = (typeof MESSAGE_STATES)[number]

/** States a dispatcher may still claim or the customer may still cancel. */
export const UNSENT_STATES = ['scheduled', 'queued'] as const satisfies readonly MessageState[]

export const FINAL_STATES = [
  'delivered',
  'expired',
  'rejected',
  'failed',
  'cancelled',
] as const satisfies readonly MessageState[]

export function isFinal(state: MessageState): boolean {
  return (FINAL_STATES as readonly MessageState[]).includes(state)
}

export type MessageEvent =
  | { type: 'due' }
  | { type: 'claim' }
  | { type: 'lease_expired' }
  | { type: 'submit_ok' }
  | { type: 'submit_retry' }
  | { type: 'submit_failed'; status: SmsStatusCode }
  | { type: 'dlr'; outcome: 'delivered' | 'expired' | 'rejected' | 'pending' }
  | { type: 'expired_in_queue' }
  | { type: 'cancel' }

type Transition = { state: MessageState; status: SmsStatusCode }

const NEW = SMS_STATUS.NEW
const SENT = SMS_STATUS.SENT

/**
 * The transition table: `nextStatus(from, event)` is the only place that says which state a
 * message moves to. `null` means the event does not apply (e.g. a cancel after submission).
 */
export function nextStatus(from: MessageState, event: MessageEvent): Transition | null {
  switch (event.type) {
    case 'due':
      return from === 'scheduled' ? { state: 'queued', status: NEW } : null
    case 'claim':
      return from === 'queued' || from === 'scheduled' ? { state: 'submitting', status: NEW } : null
    case 'lease_expired':
    case 'submit_retry':
      return from === 'submitting' ? { state: 'queued', status: NEW } : null
    case 'submit_ok':
      return from === 'submitting' ? { state: 'sent', status: SENT } : null
    case 'submit_failed':
      return from === 'submitting' ? { state: 'failed', status: event.status } : null
    case 'expired_in_queue':
      return from === 'queued' || from === 'scheduled' || from === 'submitting'
        ? { state: 'expired', status: NEW }
        : null
    case 'dlr':
      // A receipt can only find a message through parts recorded as sent; while a retry sends
      // the rest of a partly sent message, the receipts of its earlier parts wait in the parts.
      if (from !== 'sent') return null
      return event.outcome === 'pending'
        ? { state: 'sent', status: SENT }
        : { state: event.outcome, status: SENT }
    case 'cancel':
      return from === 'queued' || from === 'scheduled'
        ? { state: 'cancelled', status: SMS_STATUS.CANCELLED }
        : null
  }
}
