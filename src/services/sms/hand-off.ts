import type { ClaimedSms } from '../../store/queue/claim.js'
import type { SmsRow } from '../../store/tables/sms.table.js'

/**
 * The dispatcher of this process, taking accepted messages straight from the API: a message due
 * now is stored already leased to it, as its claim would have left it, and handed over once
 * stored, instead of waiting in the queue for the next claim. Only while the dispatcher has
 * room under its bound on messages in flight; otherwise the message is queued as ever.
 */
export type SmsHandOff = {
  /** The dispatcher's lease the handed messages are stored under. */
  readonly owner: string
  readonly leaseMs: number
  /** Takes one place of the dispatcher's room; false when it has none. */
  take(): boolean
  /** A place taken for a message that was not stored after all. */
  giveBack(): void
  /** A message stored leased to the dispatcher, after its commit. */
  deliver(message: ClaimedSms): void
}

/**
 * Leases a message due now to the dispatcher, where one runs in this process and has room: the
 * hand-off that is to deliver it once stored, or null (the message is queued).
 */
export function leaseToDispatcher(
  handOff: SmsHandOff | null | undefined,
  row: SmsRow,
  nowMs: number,
): SmsHandOff | null {
  if (!handOff || row.state !== 'queued' || !handOff.take()) return null
  row.state = 'submitting'
  row.lease_owner = handOff.owner
  row.lease_expires_at = nowMs + handOff.leaseMs
  // As a claim counts it.
  row.attempts = 1
  return handOff
}

/** What the dispatcher reads of a message (as its claim returns it). */
export function claimedSms(row: SmsRow): ClaimedSms {
  return {
    uuid: row.uuid,
    account_id: row.account_id,
    phone: row.phone,
    iso2: row.iso2,
    service_code: row.service_code,
    voice_lang: row.voice_lang,
    sender_id: row.sender_id,
    text: row.text,
    is_unicode: row.is_unicode,
    is_binary: row.is_binary,
    udh: row.udh,
    message_class: row.message_class,
    parts_count: row.parts_count,
    valid_until: row.valid_until,
    route_id: row.route_id,
    attempts: row.attempts,
    due_at: row.due_at,
  }
}
