import { lox24Status } from '../domain/message/lox24-status.js'
import type { NewEvent } from './event-types.js'

export type SmsDeliveryFacts = {
  accountId: number
  uuid: string
  keyId: number | null
  dlrCode: number
  statusCode: number
  callbackData: string | null
  phone: string
}

/** A message's facts with its uuid and new dlr_code, as one literal (not a spread: docs/decisions.md). */
export function deliveryFacts(
  change: Omit<SmsDeliveryFacts, 'uuid' | 'dlrCode'>,
  uuid: string,
  dlrCode: number,
): SmsDeliveryFacts {
  return {
    accountId: change.accountId,
    uuid,
    keyId: change.keyId,
    dlrCode,
    statusCode: change.statusCode,
    callbackData: change.callbackData,
    phone: change.phone,
  }
}

/**
 * `sms.delivery` for a change of an SMS's dlr_code, with the legacy DLR push fields (spec §17.2,
 * G-42: the recommended names; `id` and `uuid` both carry the SMS uuid). The dryrun event has no
 * legacy push and no ordering subject: every dryrun shares one uuid.
 */
export function smsDeliveryEvent(
  sms: SmsDeliveryFacts,
  nowS: number,
  name: 'sms.delivery' | 'sms.delivery.dryrun' = 'sms.delivery',
): NewEvent<'sms.delivery' | 'sms.delivery.dryrun'> {
  // Only the spec's status codes go out; the finer reason (e.g. no_route) beside them.
  const status = lox24Status(sms.statusCode)
  const data = {
    id: sms.uuid,
    key_id: sms.keyId,
    dlr_code: sms.dlrCode,
    status_code: status.status_code,
    status_reason: status.status_reason,
    callback_data: sms.callbackData,
  }
  if (name === 'sms.delivery.dryrun') {
    return { accountId: sms.accountId, name, subject: null, createdAt: nowS, data }
  }
  return {
    accountId: sms.accountId,
    name,
    subject: sms.uuid,
    createdAt: nowS,
    data,
    legacy: {
      id: sms.uuid,
      uuid: sms.uuid,
      dlr_code: sms.dlrCode,
      status_code: status.status_code,
      key_id: sms.keyId,
      callback_data: sms.callbackData,
      phone: sms.phone,
      time: nowS,
    },
  }
}
