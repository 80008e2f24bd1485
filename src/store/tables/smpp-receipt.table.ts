import type { Generated } from 'kysely'

/** A receipt an ESME asked for with registered_delivery (migration 0018). */
export type SmppReceiptTable = {
  sms_uuid: string
  account_id: number
  /** 1: every final state; 2: failures only. */
  mode: number
  created_at: number
  sent_at: number | null
  /** Unix ms it may next be looked at: 0 at once; a lease's end (migration 0022). */
  check_at: Generated<number>
  lease_owner: string | null
}

/** An inbound SMS owed to an account's SMPP receiver (migration 0018). */
export type SmppMoTable = {
  incoming_uuid: string
  account_id: number
  created_at: number
  sent_at: number | null
  /** Unix ms it may next be looked at: 0 at once; a lease's end (migration 0022). */
  check_at: Generated<number>
  lease_owner: string | null
}
