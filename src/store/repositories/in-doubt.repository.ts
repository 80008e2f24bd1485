import { sql } from 'kysely'
import type { Db } from '../database.js'
import { bound, statement } from '../statement.js'
import { recordParts } from './delivery.repository.js'

export type InDoubtRow = {
  uuid: string
  created_at: number
  text: string
  is_unicode: number
  parts_count: number
}

// Written out once (no query building): it runs for every receipt no part owns, most of them
// early ones whose submit result is not stored yet, and almost always finds nothing.
export const ANY_IN_DOUBT = statement`select 1 as one from sms where in_doubt_until >= ${'nowMs'} limit 1`

/** Whether any message is in doubt now: a scan of the index sms_in_doubt, empty but after a crash. */
export async function anyInDoubt(db: Db, nowMs: number): Promise<boolean> {
  const r = await db.executeQuery(bound(db, ANY_IN_DOUBT, { nowMs }))
  return r.rows.length > 0
}

/**
 * The handset's messages still in doubt, oldest first: waiting to be sent again, or settled by
 * the receipt of one part and waiting for the others'. With `textStart`, only those whose text
 * begins so (a message of one part, or the first part of a long one): a crash may leave
 * thousands in doubt for one handset, and the limit must not hide the right one. Without, the
 * limit is only a guard.
 */
export async function inDoubtOf(
  db: Db,
  o: { phone: string; nowMs: number; textStart?: string },
): Promise<InDoubtRow[]> {
  const rows = await inDoubtQuery(db, o).execute()
  return rows.sort((a, b) => a.created_at - b.created_at || a.uuid.localeCompare(b.uuid))
}

/**
 * Runs for every receipt no part owns (most arrive before their submit result is stored), so
 * it must stay in the index sms_in_doubt, which holds only rows in doubt: `in_doubt_until >=`
 * implies its condition, and there is no ORDER BY (sorted by the caller), which made SQLite walk
 * sms_phone_created instead, every message the handset ever got: 84% of the CPU of a run
 * that sent 50,000 to one number. Exported for the test that reads the plan.
 */
export function inDoubtQuery(db: Db, o: { phone: string; nowMs: number; textStart?: string }) {
  let q = db
    .selectFrom('sms')
    .select(['uuid', 'created_at', 'text', 'is_unicode', 'parts_count'])
    .where('phone', '=', o.phone)
    .where('in_doubt_until', '>=', o.nowMs)
    .where('state', 'in', ['queued', 'sent'])
    .where('is_binary', '=', 0)
  if (o.textStart !== undefined) {
    const n = [...o.textStart].length
    q = q.where(sql<string>`substr(text, 1, ${sql.lit(n)})`, '=', o.textStart)
  }
  return q.limit(1000)
}

// Still in doubt is checked again here, as a claim may have taken the message meanwhile. A
// message the receipt of another part settled already keeps when it was sent.
const SETTLE = statement`
  update sms set state = 'sent', is_sent = 1, connector_id = ${'connectorId'},
    status_code = case when state = 'queued' then ${'statusCode'} else status_code end,
    gateway_sent_at = case when state = 'queued' then ${'at'} else gateway_sent_at end,
    carrier_message_id = case when ${'part'} = 1 then ${'carrierId'} else carrier_message_id end,
    status_detail = null, updated_at = ${'at'}
  where uuid = ${'uuid'} and in_doubt_until >= ${'nowMs'} and state in ('queued', 'sent')`

/**
 * A receipt showed the carrier took this part: the message is sent (if it was still waiting to
 * be sent again) and the part is recorded for its receipts.
 */
export async function settleInDoubt(
  db: Db,
  m: {
    uuid: string
    connectorId: string
    carrierId: string
    part: number
    total: number
    statusCode: number
    nowMs: number
  },
): Promise<boolean> {
  const r = await db.executeQuery(bound(db, SETTLE, m, { at: Math.floor(m.nowMs / 1000) }))
  if (Number(r.numAffectedRows ?? 0) === 0) return false
  const parts = [{ part: m.part, carrierId: m.carrierId }]
  await recordParts(db, {
    uuid: m.uuid,
    connectorId: m.connectorId,
    total: m.total,
    parts,
    nowMs: m.nowMs,
  })
  return true
}

export type KeptReceipt = {
  connector_id: string
  carrier_id: string
  receipt_state: string
  error: string | null
  handset: string
  text: string | null
}

/**
 * Receipts no part owns, for handsets with messages in doubt: they may have come before the
 * message was put in doubt (its worker's lease runs out well after the carrier answers).
 */
export function keptReceiptsForInDoubt(db: Db, nowMs: number): Promise<KeptReceipt[]> {
  return db
    .selectFrom('pending_receipts')
    .select(['connector_id', 'carrier_id', 'receipt_state', 'error', 'handset', 'text'])
    .where('handset', 'in', (eb) =>
      eb
        .selectFrom('sms')
        .select('phone')
        .where('in_doubt_until', '>=', nowMs)
        .where('state', 'in', ['queued', 'sent']),
    )
    .orderBy('received_at')
    .limit(1000)
    .$narrowType<{ handset: string }>()
    .execute()
}
