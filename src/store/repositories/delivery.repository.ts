import { sql } from 'kysely'
import type { Db } from '../database.js'
import type { MessageState } from '../../domain/message/status.js'
import { isFinalState } from '../../domain/dlr/dlr-codes.js'
import type { ReceiptState } from '../../domain/dlr/receipt-state.js'
import { bound, dialectOf } from '../statement.js'
import {
  INSERT_PART,
  RECORD_PART_RECEIPT,
  APPLY_DELIVERY,
  TAKE_PENDING_RECEIPT,
  APPLY_ONE_PART_RECEIPT_SQLITE,
  RECORD_RECEIPT_ONE_PART_PG,
} from './delivery.statements.js'

const textUnlessDeleted = sql<string>`case when is_text_deleted = 1 then '' else text end`

export type TakenReceipt = { carrier_id: string; receipt_state: string; error: string | null }

/** Parts the carrier took, keyed for receipt correlation; parts already recorded stay as they are. */
export async function recordParts(
  db: Db,
  m: {
    uuid: string
    connectorId: string
    total: number
    parts: { part: number; carrierId: string }[]
    nowMs: number
  },
): Promise<void> {
  if (m.parts.length === 0) return
  if (m.parts.length === 1) {
    await db.executeQuery(bound(db, INSERT_PART, m, m.parts[0]!))
    return
  }
  const rows = m.parts.map(
    (p) => sql`(${m.connectorId}, ${p.carrierId}, ${m.uuid}, ${p.part}, ${m.total}, ${m.nowMs})`,
  )
  await sql`
    insert into sms_parts (connector_id, carrier_id, sms_uuid, part, parts_total, updated_at)
    values ${sql.join(rows)}
    on conflict (connector_id, carrier_id) do nothing`.execute(db)
}

/** The parts of a message a carrier took in earlier attempts, and on which connector. */
export async function acceptedParts(
  db: Db,
  smsUuid: string,
): Promise<{ connectorId: string; parts: Map<number, string> } | null> {
  const rows = await db
    .selectFrom('sms_parts')
    .select(['connector_id', 'carrier_id', 'part'])
    .where('sms_uuid', '=', smsUuid)
    .orderBy('part')
    .execute()
  if (rows.length === 0) return null
  const connectorId = rows[0]!.connector_id
  return {
    connectorId,
    parts: new Map(
      rows.filter((r) => r.connector_id === connectorId).map((r) => [r.part, r.carrier_id]),
    ),
  }
}

/** Back to the queue for another attempt at `dueAtMs`. */
export async function markRetry(
  db: Db,
  m: {
    uuid: string
    workerId: string
    dueAtMs: number
    detail: string
    nowMs: number
    routeId: number | null
  },
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
): Promise<(DeliveryChange & { priceMicro: number }) | null> {
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
    .returning(['account_id', 'price_micro', 'key_id', 'callback_data', 'status_code', 'phone'])
    .executeTakeFirst()
  return r === undefined ? null : { ...deliveryChange(r), priceMicro: Number(r.price_micro) }
}

/** What a rolled-up receipt changes in its message (see applyDelivery). */
export type DeliveryUpdate = { dlrCode: number; state: MessageState; final: boolean }

export type PartReceipt = {
  sms_uuid: string
  parts_total: number
  /**
   * Set when `ifOnePart` was applied with the part, as the message has one part: the change, or
   * null when the message was not changed. Unset: the caller settles the message itself.
   */
  applied?: DeliveryChange | null
}

/**
 * Records a part's receipt; undefined when no submitted part has that id (yet). `ifOnePart` is
 * what the receipt makes of a message of one part: PostgreSQL applies it in the same statement,
 * SQLite in one of its own that makes recording the part unnecessary when it applies.
 */
export async function recordPartReceipt(
  db: Db,
  receipt: { connectorId: string; carrierId: string; state: ReceiptState; nowMs: number },
  ifOnePart: DeliveryUpdate | null = null,
): Promise<PartReceipt | undefined> {
  const pending = isFinalState(receipt.state) ? 0 : 1
  const dialect = dialectOf(db)
  const onePart = ifOnePart && {
    pending,
    dlrCode: ifOnePart.dlrCode,
    smsState: ifOnePart.state,
    final: ifOnePart.final ? 1 : 0,
    at: Math.floor(receipt.nowMs / 1000),
  }
  if (onePart !== null && dialect === 'sqlite') {
    const r = await db.executeQuery<DeliveryChangeRow & { uuid: string }>(
      bound(db, APPLY_ONE_PART_RECEIPT_SQLITE, receipt, onePart),
    )
    const row = r.rows[0]
    if (row !== undefined)
      return { sms_uuid: row.uuid, parts_total: 1, applied: deliveryChange(row) }
  }
  if (onePart === null || dialect === 'sqlite') {
    const r = await db.executeQuery<{ sms_uuid: string; parts_total: number }>(
      bound(db, RECORD_PART_RECEIPT, receipt, { pending }),
    )
    return r.rows[0]
  }
  const r = await db.executeQuery<{ sms_uuid: string; parts_total: number } & NullableChangeRow>(
    bound(db, RECORD_RECEIPT_ONE_PART_PG, receipt, onePart),
  )
  const row = r.rows[0]
  if (row === undefined) return undefined
  const partsTotal = Number(row.parts_total)
  if (partsTotal !== 1) return { sms_uuid: row.sms_uuid, parts_total: partsTotal }
  const applied = row.account_id === null ? null : deliveryChange(row as DeliveryChangeRow)
  return { sms_uuid: row.sms_uuid, parts_total: 1, applied }
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

/**
 * Applies a rolled-up receipt when it changes the dlr_code; a final one leaves the message in its
 * final state for good. Returns what an `sms.delivery` event needs, or null if nothing changed.
 */
export async function applyDelivery(
  db: Db,
  m: { uuid: string; dlrCode: number; state: MessageState; final: boolean; nowMs: number },
): Promise<DeliveryChange | null> {
  const result = await db.executeQuery<DeliveryChangeRow>(
    bound(db, APPLY_DELIVERY, m, { at: Math.floor(m.nowMs / 1000), final: m.final ? 1 : 0 }),
  )
  const r = result.rows[0]
  return r === undefined ? null : deliveryChange(r)
}

export type DeliveryChangeRow = {
  account_id: number
  key_id: number | null
  callback_data: string | null
  status_code: number
  phone: string
}

/** A DeliveryChangeRow from an outer join: every column null when nothing changed. */
type NullableChangeRow = { [K in keyof DeliveryChangeRow]: DeliveryChangeRow[K] | null }

export type DeliveryChange = {
  accountId: number
  keyId: number | null
  callbackData: string | null
  statusCode: number
  phone: string
}

export function deliveryChange(r: DeliveryChangeRow): DeliveryChange
export function deliveryChange(
  r: DeliveryChangeRow,
  uuid: string,
): DeliveryChange & { uuid: string }
/** One literal, with the uuid where the caller has it (not a spread: docs/decisions.md). */
export function deliveryChange(r: DeliveryChangeRow, uuid?: string): DeliveryChange {
  const change: DeliveryChange & { uuid?: string } = {
    accountId: Number(r.account_id),
    keyId: r.key_id === null ? null : Number(r.key_id),
    callbackData: r.callback_data,
    statusCode: Number(r.status_code),
    phone: r.phone,
  }
  if (uuid !== undefined) change.uuid = uuid
  return change
}

export async function savePendingReceipt(
  db: Db,
  p: {
    connectorId: string
    carrierId: string
    state: string
    error: string | null
    nowMs: number
    handset: string | null
    text: string | null
  },
): Promise<void> {
  const values = {
    receipt_state: p.state,
    error: p.error,
    received_at: p.nowMs,
    handset: p.handset,
    text: p.text,
  }
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
  if (carrierIds.length === 1) {
    const r = await db.executeQuery<{
      carrier_id: string
      receipt_state: string
      error: string | null
    }>(bound(db, TAKE_PENDING_RECEIPT, { connectorId, carrierId: carrierIds[0] }))
    return r.rows
  }
  return db
    .deleteFrom('pending_receipts')
    .where('connector_id', '=', connectorId)
    .where('carrier_id', 'in', carrierIds)
    .returning(['carrier_id', 'receipt_state', 'error'])
    .execute()
}
