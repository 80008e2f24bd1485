import { MESSAGE_STATES } from '../../domain/message/status.js'
import { listSmsReceipts } from '../../store/repositories/sms-receipt.repository.js'
import type { ServiceDeps } from '../deps.js'
import { getSms } from './query-sms.js'

/** More changes than a message's parts can bring; the list is cut there. */
export const RECEIPT_HISTORY_LIMIT = 100

export type SmsReceiptEntry = {
  status: (typeof MESSAGE_STATES)[number]
  status_code: number
  dlr_code: number
  error: string | null
  received_at: number
}

/** The changes the carrier's receipts made to one SMS of the account, oldest first. */
export async function smsReceipts(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  uuid: string,
): Promise<{ uuid: string; receipts: SmsReceiptEntry[] }> {
  const sms = await getSms(deps, accountId, uuid)
  const rows = await listSmsReceipts(deps.db, accountId, sms.uuid, RECEIPT_HISTORY_LIMIT)
  return {
    uuid: sms.uuid,
    receipts: rows.map((r) => ({
      status: r.state,
      status_code: r.status_code,
      dlr_code: r.dlr_code,
      error: r.error,
      received_at: Math.floor(Number(r.received_at) / 1000),
    })),
  }
}
