import type { Generated, Selectable } from 'kysely'
import type { MessageState } from '../../domain/message/status.js'

/** A change a carrier's receipt made to a message: its delivery history (migration 0025). */
export type SmsReceiptTable = {
  id: Generated<number>
  sms_uuid: string
  account_id: number
  state: MessageState // the message's state after the receipt
  error: string | null // the carrier's error code in the receipt, as it sent it
  status_code: number
  dlr_code: number
  received_at: number // unix ms
}

export type SmsReceiptRow = Selectable<SmsReceiptTable>
export type NewSmsReceipt = Omit<SmsReceiptTable, 'id'>
