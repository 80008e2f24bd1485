// The fixed SQL of the delivery path's per-message statements (see statement.ts): the
// repository in delivery.repository.ts decides which of them run, per dialect.
import { statement } from '../statement.js'

export const INSERT_PART = statement`
  insert into sms_parts (connector_id, carrier_id, sms_uuid, part, parts_total, updated_at)
  values (${'connectorId'}, ${'carrierId'}, ${'uuid'}, ${'part'}, ${'total'}, ${'nowMs'})
  on conflict (connector_id, carrier_id) do nothing`

// A pending receipt (ENROUTE, ACCEPTD, UNKNOWN) never replaces a final one (isFinalState: the
// literals below) that overtook it, as receipts of one part may be applied out of order when
// they reach different processes or groups.
export const RECORD_PART_RECEIPT = statement`
  update sms_parts set updated_at = ${'nowMs'},
    receipt_state = case when ${'pending'} = 1
      and receipt_state in ('DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD')
      then receipt_state else ${'state'} end
  where connector_id = ${'connectorId'} and carrier_id = ${'carrierId'}
  returning sms_uuid, parts_total`

export const APPLY_DELIVERY = statement`
  update sms set dlr_code = ${'dlrCode'}, state = ${'state'}, updated_at = ${'at'},
    text = case when ${'final'} = 1 and is_text_deleted = 1 then '' else text end
  where uuid = ${'uuid'} and state = 'sent' and dlr_code <> ${'dlrCode'}
  returning account_id, key_id, callback_data, status_code, phone`

export const TAKE_PENDING_RECEIPT = statement`
  delete from pending_receipts where connector_id = ${'connectorId'} and carrier_id = ${'carrierId'}
  returning carrier_id, receipt_state, error`

/**
 * SQLite: APPLY_DELIVERY found through the part's carrier id, for a message of one part, in one
 * statement (UPDATE … FROM). The part's own receipt_state is not written: only rolling up the
 * parts of a longer message reads it. When it changes nothing (an unknown id, a longer message, a
 * message already final), RECORD_PART_RECEIPT follows and tells which it was. Per receipt this
 * spares a statement (8 µs of the delivery thread at 5,000 messages/s) and the rewrite of an
 * sms_parts page in the write-ahead log.
 */
export const APPLY_ONE_PART_RECEIPT_SQLITE = statement`
  update sms set dlr_code = ${'dlrCode'}, state = ${'smsState'}, updated_at = ${'at'},
    text = case when ${'final'} = 1 and is_text_deleted = 1 then '' else text end
  from sms_parts p
  where p.connector_id = ${'connectorId'} and p.carrier_id = ${'carrierId'} and p.parts_total = 1
    and sms.uuid = p.sms_uuid and sms.state = 'sent' and sms.dlr_code <> ${'dlrCode'}
  returning uuid, account_id, key_id, callback_data, status_code, phone`

/**
 * PostgreSQL only (SQLite has no data-modifying WITH): RECORD_PART_RECEIPT, then APPLY_DELIVERY
 * when the message turns out to have one part, in one statement. Every round trip to the server
 * costs 0.2 to 0.5 ms on loopback, and a group commit runs its units one after the other.
 */
export const RECORD_RECEIPT_ONE_PART_PG = statement`
  with part as (
    update sms_parts set updated_at = ${'nowMs'},
      receipt_state = case when ${'pending'} = 1
        and receipt_state in ('DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD')
        then receipt_state else ${'state'} end
    where connector_id = ${'connectorId'} and carrier_id = ${'carrierId'}
    returning sms_uuid, parts_total),
  applied as (
    update sms set dlr_code = ${'dlrCode'}, state = ${'smsState'}, updated_at = ${'at'},
      text = case when ${'final'} = 1 and is_text_deleted = 1 then '' else text end
    from part
    where sms.uuid = part.sms_uuid and part.parts_total = 1 and sms.state = 'sent'
      and sms.dlr_code <> ${'dlrCode'}
    returning sms.account_id, sms.key_id, sms.callback_data, sms.status_code, sms.phone)
  select part.sms_uuid, part.parts_total, applied.account_id, applied.key_id,
    applied.callback_data, applied.status_code, applied.phone
  from part left join applied on true`
