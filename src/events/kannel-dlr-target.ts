// The Kannel emulation's mode B as one more target of a delivery report: the dlr-url stored with
// the message, filled in for this report (transports/kannel-dlr-url.ts).
import type { Db } from '../store/database.js'
import { findKannelDlrUrl } from '../store/repositories/kannel-dlr-url.repository.js'
import type { NewEvent, SmsDeliveryData } from './event-types.js'
import { kannelDlrUrl } from './transports/kannel-dlr-url.js'

/** The URL to call for this event, or null: not a report, no dlr-url, or a type not masked. */
export async function kannelDlrTarget(
  db: Db,
  event: NewEvent,
): Promise<{ key: string; target: string } | null> {
  if (event.name !== 'sms.delivery' || event.subject === null) return null
  const row = await findKannelDlrUrl(db, event.subject)
  if (row === null) return null
  const data = event.data as SmsDeliveryData
  const target = kannelDlrUrl({
    url: row.url,
    mask: Number(row.mask),
    receiver: row.receiver,
    sender: row.sender,
    dlrCode: data.dlr_code,
    smsUuid: event.subject,
    phone: String(event.legacy?.phone ?? row.receiver),
    nowS: event.createdAt,
  })
  // One key per account: its reports go in order, and one slow Kannel holds back only its own.
  return target === null ? null : { key: `kannel:${row.account_id}`, target }
}
