import { sql } from 'kysely'
import { UNSENT_STATES } from '../../domain/message/status.js'
import type { Db } from '../database.js'
import { dialectOf } from '../statement.js'

/** Whether any SMS of the bulk is still unsent (scheduled or queued, not claimed). */
export async function hasUnsentBulkSms(db: Db, uuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('sms')
    .select('uuid')
    .where('bulk_id', '=', uuid)
    .where('state', 'in', UNSENT_STATES)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Marks a bulk cancelled, whatever state it is in (the caller has checked that it may be), and
 * returns what was still reserved for recipients not yet made, to refund. A bulk still new made
 * no SMS yet: its estimated count and cost become 0.
 */
export async function markBulkCancelled(
  db: Db,
  p: { uuid: string; statusCode: number; at: number },
): Promise<{ reservedMicro: number } | null> {
  // PostgreSQL locks the row: an expansion chunk committing meanwhile would otherwise have its
  // reservation refunded here and be kept as well. Its own update then finds the bulk closed and
  // rolls back (SQLite has one writer at a time).
  const lock = dialectOf(db) === 'postgres' ? sql`for update` : sql``
  const before = await sql<{ reserved_micro: number }>`
    select reserved_micro from bulks where uuid = ${p.uuid} and is_dryrun = 0 ${lock}`.execute(db)
  const row = before.rows[0]
  if (row === undefined) return null
  await sql`
    update bulks set status_code = ${p.statusCode}, processed_at = ${p.at}, reserved_micro = 0,
      msg_total_count = case when status_code = 0 then 0 else msg_total_count end,
      msg_total_cost_micro = case when status_code = 0 then 0 else msg_total_cost_micro end,
      lease_owner = null, lease_expires_at = null
    where uuid = ${p.uuid}`.execute(db)
  return { reservedMicro: Number(row.reserved_micro) }
}

/**
 * Cancels the next `limit` unsent SMS of a bulk after `afterPhone` (in phone order, along the
 * bulk's unique index), so a large bulk is cancelled a chunk per transaction. A row a dispatcher
 * claimed meanwhile is no longer unsent and is left to its fate. Returns the cursor for the next
 * chunk (null: none left) and the price of each row cancelled, to refund.
 */
export async function cancelUnsentBulkChunk(
  db: Db,
  p: {
    uuid: string
    afterPhone: string
    limit: number
    state: 'cancelled'
    statusCode: number
    at: number
  },
): Promise<{ next: string | null; prices: number[] }> {
  const picked = await db
    .selectFrom('sms')
    .select('phone')
    .where('bulk_id', '=', p.uuid)
    .where('phone', '>', p.afterPhone)
    .where('state', 'in', UNSENT_STATES)
    .orderBy('phone')
    .limit(p.limit)
    .execute()
  if (picked.length === 0) return { next: null, prices: [] }
  const rows = await db
    .updateTable('sms')
    .set({
      state: p.state,
      status_code: p.statusCode,
      updated_at: p.at,
      // A final state: the customer asked for the text not to be kept beyond it.
      text: sql<string>`case when is_text_deleted = 1 then '' else text end`,
    })
    .where('bulk_id', '=', p.uuid)
    .where(
      'phone',
      'in',
      picked.map((r) => r.phone),
    )
    // Checked again: on PostgreSQL a claim committed since the select is seen here and skipped.
    .where('state', 'in', UNSENT_STATES)
    .returning('price_micro')
    .execute()
  return { next: picked.at(-1)!.phone, prices: rows.map((r) => Number(r.price_micro)) }
}

/** Lowers the bulk's total cost by what its cancelled SMS gave back. */
export async function lowerBulkCost(db: Db, uuid: string, refundedMicro: number): Promise<void> {
  if (refundedMicro === 0) return
  await sql`
    update bulks set msg_total_cost_micro = msg_total_cost_micro - ${refundedMicro}
    where uuid = ${uuid}`.execute(db)
}
