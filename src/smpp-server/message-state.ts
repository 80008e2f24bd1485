// A message's state as SMPP's message_state (§5.2.28) and receipt `stat:`.
import { MESSAGE_STATE_NUMBERS, type ReceiptState } from '../domain/dlr/receipt-state.js'
import { SMS_STATUS } from '../domain/message/status.js'
import type { SmsRecord } from '../services/sms/sms-record.js'

export type SmppMessageState = { stat: ReceiptState; number: number; final: boolean }

/** From the public record: status_code, then the carrier's dlr_code (1, 2, 4, 8, 16). */
export function messageStateOf(sms: Pick<SmsRecord, 'status_code' | 'dlr_code'>): SmppMessageState {
  const of = (stat: ReceiptState, final: boolean) => ({
    stat,
    number: MESSAGE_STATE_NUMBERS[stat],
    final,
  })
  if (sms.status_code === SMS_STATUS.CANCELLED) return of('DELETED', true)
  if (sms.status_code === SMS_STATUS.NEW) return of('ENROUTE', false)
  if (sms.status_code !== SMS_STATUS.SENT) return of('REJECTD', true)
  switch (sms.dlr_code) {
    case 1:
      return of('DELIVRD', true)
    case 8:
      return of('EXPIRED', true)
    case 16:
      return of('UNDELIV', true)
    case 4:
      return of('ACCEPTD', false)
    default:
      return of('ENROUTE', false)
  }
}
