import type { Db } from '../database.js'
import { bound, dialectOf, statement } from '../statement.js'
import {
  deliveryChange,
  type DeliveryChange,
  type DeliveryChangeRow,
  type DeliveryUpdate,
} from './delivery.repository.js'

/** A receipt for a part, with what it makes of its message if that has one part. */
export type OnePartReceipt = { carrierId: string; update: DeliveryUpdate; nowMs: number }

// The matches are materialised first: otherwise SQLite's planner, which cannot size the JSON
// array, walks the whole sms table (or the connector's every part) and reads the array for each.
export const APPLY_SQLITE = statement`
  with v(carrier_id, dlr_code, state, final, at) as (
      select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 from json_each(${'rows'})),
    m as materialized (
      select p.sms_uuid as uuid, v.* from v cross join sms_parts p
        on p.connector_id = ${'connectorId'} and p.carrier_id = v.carrier_id
      where p.parts_total = 1)
  update sms set dlr_code = m.dlr_code, state = m.state, updated_at = m.at,
    text = case when m.final = 1 and is_text_deleted = 1 then '' else text end
  from m
  where sms.uuid = m.uuid and +sms.state = 'sent' and sms.dlr_code <> m.dlr_code
    and sms.carrier_message_id = m.carrier_id and sms.connector_id = ${'connectorId'}
  returning uuid, carrier_message_id, account_id, key_id, callback_data, status_code, phone`

const APPLY_PG = statement`
  update sms set dlr_code = v.dlr_code, state = v.state, updated_at = v.at,
    text = case when v.final = 1 and is_text_deleted = 1 then '' else text end
  from unnest(cast(${'carrierIds'} as text[]), cast(${'dlrCodes'} as integer[]),
      cast(${'states'} as text[]), cast(${'finals'} as integer[]), cast(${'ats'} as bigint[]))
      as v(carrier_id, dlr_code, state, final, at)
    join sms_parts p on p.connector_id = ${'connectorId'} and p.carrier_id = v.carrier_id
  where sms.uuid = p.sms_uuid and p.parts_total = 1 and sms.state = 'sent'
    and sms.dlr_code <> v.dlr_code and sms.carrier_message_id = p.carrier_id
    and sms.connector_id = p.connector_id
  returning sms.uuid, sms.carrier_message_id, sms.account_id, sms.key_id, sms.callback_data,
    sms.status_code, sms.phone`

/**
 * The receipts of one group commit that settle messages of one part (the common case) as one
 * statement per connector: [carrier id, dlr_code, state, final, at]. A receipt is applied here
 * only to the message it was sent as (the message's own carrier id and connector), so the
 * changed rows name their receipts; whatever this leaves (an unknown id, a longer message, a
 * message already final, an id of an earlier attempt) the caller takes the long way. As with
 * APPLY_ONE_PART_RECEIPT_SQLITE, the part's own receipt_state is not written: only rolling up
 * the parts of a longer message reads it. Returns the changes made, by carrier id; each carrier
 * id at most once in `receipts`.
 */
export async function applyOnePartReceipts(
  db: Db,
  connectorId: string,
  receipts: readonly OnePartReceipt[],
): Promise<Map<string, DeliveryChange & { uuid: string }>> {
  if (receipts.length === 0) return new Map()
  const at = (r: OnePartReceipt) => Math.floor(r.nowMs / 1000)
  type Row = DeliveryChangeRow & { uuid: string; carrier_message_id: string }
  const query =
    dialectOf(db) === 'postgres'
      ? bound(db, APPLY_PG, {
          connectorId,
          carrierIds: receipts.map((r) => r.carrierId),
          dlrCodes: receipts.map((r) => r.update.dlrCode),
          states: receipts.map((r) => r.update.state),
          finals: receipts.map((r) => (r.update.final ? 1 : 0)),
          ats: receipts.map(at),
        })
      : bound(db, APPLY_SQLITE, {
          connectorId,
          rows: JSON.stringify(
            receipts.map((r) => [
              r.carrierId,
              r.update.dlrCode,
              r.update.state,
              r.update.final ? 1 : 0,
              at(r),
            ]),
          ),
        })
  const result = await db.executeQuery<Row>(query)
  return new Map(result.rows.map((r) => [r.carrier_message_id, deliveryChange(r, r.uuid)]))
}
