import { sql } from 'kysely'
import type { Db } from '../database.js'
import type { MessageState } from '../../domain/message/status.js'

const textUnlessDeleted = sql<string>`case when is_text_deleted = 1 then '' else text end`

/** The carrier took the message: record its ids (one per part) for receipt correlation. */
export async function markSent(
  db: Db,
  m: {
    uuid: string
    workerId: string
    connectorId: string
    routeId: number
    carrierIds: string[]
    statusCode: number
    nowMs: number
  },
): Promise<boolean> {
  const r = await db
    .updateTable('sms')
    .set({
      state: 'sent',
      status_code: m.statusCode,
      is_sent: 1,
      gateway_sent_at: Math.floor(m.nowMs / 1000),
      connector_id: m.connectorId,
      route_id: m.routeId,
      carrier_message_id: m.carrierIds[0] ?? null,
      lease_owner: null,
      lease_expires_at: null,
      status_detail: null,
      updated_at: Math.floor(m.nowMs / 1000),
    })
    .where('uuid', '=', m.uuid)
    .where('state', '=', 'submitting')
    .where('lease_owner', '=', m.workerId)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) return false
  await db
    .insertInto('sms_parts')
    .values(
      m.carrierIds.map((carrierId, i) => ({
        connector_id: m.connectorId,
        carrier_id: carrierId,
        sms_uuid: m.uuid,
        part: i + 1,
        receipt_state: null,
        updated_at: m.nowMs,
      })),
    )
    .onConflict((oc) => oc.columns(['connector_id', 'carrier_id']).doNothing())
    .execute()
  return true
}

/** Back to the queue for another attempt at `dueAtMs`. */
export async function markRetry(
  db: Db,
  m: { uuid: string; workerId: string; dueAtMs: number; detail: string; nowMs: number; routeId: number | null },
): Promise<boolean> {
  const r = await db
    .updateTable('sms')
    .set({
      state: 'queued',
      due_at: m.dueAtMs,
      lease_owner: null,
      lease_expires_at: null,
      status_detail: m.detail,
      route_id: m.routeId,
      updated_at: Math.floor(m.nowMs / 1000),
    })
    .where('uuid', '=', m.uuid)
    .where('state', '=', 'submitting')
    .where('lease_owner', '=', m.workerId)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/**
 * A final outcome reached without the carrier (refused for good, no route, expired in our
 * queue). Returns the reserved price so the caller can refund it, or null if the row moved on.
 */
export async function markUnsent(
  db: Db,
  m: {
    uuid: string
    workerId: string
    state: Extract<MessageState, 'failed' | 'expired'>
    statusCode: number
    dlrCode: number
    detail: string
    routeId: number | null
    nowMs: number
  },
): Promise<{ accountId: number; priceMicro: number } | null> {
  const r = await db
    .updateTable('sms')
    .set({
      state: m.state,
      status_code: m.statusCode,
      dlr_code: m.dlrCode,
      status_detail: m.detail,
      route_id: m.routeId,
      lease_owner: null,
      lease_expires_at: null,
      text: textUnlessDeleted,
      updated_at: Math.floor(m.nowMs / 1000),
    })
    .where('uuid', '=', m.uuid)
    .where('state', '=', 'submitting')
    .where('lease_owner', '=', m.workerId)
    .returning(['account_id', 'price_micro'])
    .executeTakeFirst()
  return r === undefined ? null : { accountId: Number(r.account_id), priceMicro: Number(r.price_micro) }
}

export async function findPart(
  db: Db,
  connectorId: string,
  carrierId: string,
): Promise<{ sms_uuid: string; part: number } | undefined> {
  return db
    .selectFrom('sms_parts')
    .select(['sms_uuid', 'part'])
    .where('connector_id', '=', connectorId)
    .where('carrier_id', '=', carrierId)
    .executeTakeFirst()
}

export async function setPartState(
  db: Db,
  connectorId: string,
  carrierId: string,
  state: string,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('sms_parts')
    .set({ receipt_state: state, updated_at: nowMs })
    .where('connector_id', '=', connectorId)
    .where('carrier_id', '=', carrierId)
    .execute()
}

export async function partStates(db: Db, smsUuid: string): Promise<(string | null)[]> {
  const rows = await db
    .selectFrom('sms_parts')
    .select(['part', 'receipt_state'])
    .where('sms_uuid', '=', smsUuid)
    .orderBy('part')
    .execute()
  return rows.map((r) => r.receipt_state)
}

/** Applies a rolled-up receipt; a final one leaves the message in its final state for good. */
export async function applyDelivery(
  db: Db,
  m: { uuid: string; dlrCode: number; state: MessageState; final: boolean; nowMs: number },
): Promise<{ accountId: number; keyId: number | null; callbackData: string | null } | null> {
  const r = await db
    .updateTable('sms')
    .set({
      dlr_code: m.dlrCode,
      state: m.state,
      updated_at: Math.floor(m.nowMs / 1000),
      ...(m.final ? { text: textUnlessDeleted } : {}),
    })
    .where('uuid', '=', m.uuid)
    .where('state', 'in', ['sent', 'submitting'])
    .returning(['account_id', 'key_id', 'callback_data'])
    .executeTakeFirst()
  return r === undefined
    ? null
    : { accountId: Number(r.account_id), keyId: r.key_id === null ? null : Number(r.key_id), callbackData: r.callback_data }
}

export async function savePendingReceipt(
  db: Db,
  p: { connectorId: string; carrierId: string; state: string; error: string | null; nowMs: number },
): Promise<void> {
  const values = { receipt_state: p.state, error: p.error, received_at: p.nowMs }
  await db
    .insertInto('pending_receipts')
    .values({ connector_id: p.connectorId, carrier_id: p.carrierId, ...values })
    .onConflict((oc) => oc.columns(['connector_id', 'carrier_id']).doUpdateSet(values))
    .execute()
}

/** Receipts that were waiting for these ids; they are removed as they are handed out. */
export async function takePendingReceipts(
  db: Db,
  connectorId: string,
  carrierIds: string[],
): Promise<{ carrier_id: string; receipt_state: string; error: string | null }[]> {
  if (carrierIds.length === 0) return []
  return db
    .deleteFrom('pending_receipts')
    .where('connector_id', '=', connectorId)
    .where('carrier_id', 'in', carrierIds)
    .returning(['carrier_id', 'receipt_state', 'error'])
    .execute()
}
