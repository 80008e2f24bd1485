import type { SmsIncomingData } from '../../events/event-types.js'
import type { InboundNumberRow, IncomingRow } from '../../store/tables/incoming.table.js'

/** The incoming object of the API (spec §9.1): what sms.incoming carries, less the legacy ids. */
export type Incoming = Omit<SmsIncomingData, 'id' | 'phone'>

export function incomingFromRow(row: IncomingRow): Incoming {
  return {
    uuid: row.uuid,
    to: row.to_addr,
    from: row.from_addr,
    received_at: Math.floor(row.received_at / 1000),
    text: row.text,
    msg_uuid: row.msg_uuid,
  }
}

/** `sms.incoming` data: the object plus the legacy id and phone for an inbound number (G-41). */
export function incomingEventData(
  row: IncomingRow,
  number: InboundNumberRow | undefined,
): SmsIncomingData {
  const data: SmsIncomingData = incomingFromRow(row)
  if (number) Object.assign(data, { id: row.id, phone: number.number })
  return data
}

/**
 * The legacy inbound push (spec §17.1): id and phone for inbound numbers, uuid (of the SMS
 * answered) for replies.
 */
export function incomingLegacyFields(
  row: IncomingRow,
  number: InboundNumberRow | undefined,
): Record<string, string | number | null> {
  const fields: Record<string, string | number | null> = {}
  if (number) Object.assign(fields, { id: row.id, phone: number.number })
  Object.assign(fields, {
    sender_id: row.from_addr,
    text: row.text,
    time: Math.floor(row.received_at / 1000),
  })
  if (row.msg_uuid) fields.uuid = row.msg_uuid
  return fields
}
