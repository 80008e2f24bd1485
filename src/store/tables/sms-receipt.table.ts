import type { Generated, Selectable } from 'kysely'

/** A carrier's report applied to a message, kept as its history (migration 0025). */
export type SmsReceiptTable = {
  id: Generated<number>
  sms_uuid: string
  account_id: number
  part: number // 1-based part the report was for
  receipt_state: string // the carrier's word: delivered, expired, rejected, …
  error: string | null // the carrier's error code, as it sent it
  status_code: number // the message's status_code after the report
  dlr_code: number // the message's dlr_code after the report
  received_at: number // unix ms
}

export type SmsReceiptRow = Selectable<SmsReceiptTable>
