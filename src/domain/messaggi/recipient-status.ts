// The status the messaggisms.com API shows for a recipient and for a message, from what the
// gateway knows: the recipient's own facts and the state of the gateway message carrying it
// (which the carrier's delivery reports move).
import type { MessageState } from '../message/status.js'

export const RECIPIENT_STATUSES = [
  'invalid', // not a +<prefix>-<number> of an existing numbering plan, or a repeat
  'refused', // the gateway did not accept it (credit, destination)
  'test', // priced, nothing sent
  'pending', // stored, not queued: an open transaction
  'cancelled',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'expired',
  'rejected',
  'failed',
] as const
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number]

const OF_STATE = {
  scheduled: 'scheduled',
  queued: 'queued',
  submitting: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  expired: 'expired',
  rejected: 'rejected',
  failed: 'failed',
  cancelled: 'cancelled',
} as const satisfies Record<MessageState, RecipientStatus>

export type RecipientFacts = {
  valid: boolean
  problem: string | null
  test: boolean
  cancelled: boolean
  /** The state of its gateway message; null: none (not sent yet). */
  state: MessageState | null
}

export function recipientStatus(r: RecipientFacts): RecipientStatus {
  if (!r.valid) return 'invalid'
  if (r.test) return 'test'
  if (r.state !== null) return OF_STATE[r.state]
  if (r.problem !== null) return 'refused'
  return r.cancelled ? 'cancelled' : 'pending'
}

export const MESSAGE_STATUSES = [
  'transaction',
  'test',
  'cancelled',
  'queued',
  'sending',
  'done',
] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

const WAITING: readonly RecipientStatus[] = ['pending', 'scheduled', 'queued']
const FINAL: readonly RecipientStatus[] = [
  'invalid',
  'refused',
  'cancelled',
  'delivered',
  'expired',
  'rejected',
  'failed',
]

/**
 * A message: `transaction` while open, `test`, `cancelled` once deleted; otherwise `queued` while
 * every recipient waits, `done` once each has a final status, `sending` in between.
 */
export function messageStatus(
  m: { transactionOpen: boolean; test: boolean; cancelled: boolean },
  recipients: readonly RecipientStatus[],
): MessageStatus {
  if (m.test) return 'test'
  if (m.cancelled) return 'cancelled'
  if (m.transactionOpen) return 'transaction'
  if (recipients.every((s) => FINAL.includes(s))) return 'done'
  if (
    recipients.every((s) => WAITING.includes(s) || FINAL.includes(s)) &&
    recipients.some((s) => WAITING.includes(s))
  )
    return 'queued'
  return 'sending'
}
