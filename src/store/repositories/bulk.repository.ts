import { sql, type Insertable } from 'kysely'
import type { BulkFilterProperty } from '../../domain/message/bulk-filters.js'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { BulkRow, BulkTable } from '../tables/bulk.table.js'
import type { SmsRow } from '../tables/sms.table.js'
import { compiledOnce } from '../compile-once.js'
import { dialectOf } from '../statement.js'
import { SMS_COLUMNS } from './sms.repository.js'

const COLUMNS: ColumnMap<BulkFilterProperty> = {
  text: 'text',
  sender_id: 'sender_id',
  status_code: 'status_code',
  created_at: 'created_at',
  delivery_at: 'delivery_at',
  processed_at: 'processed_at',
  msg_total_count: 'msg_total_count',
  source: 'source',
  key_id: 'key_id',
  is_unicode: 'is_unicode',
  is_dryrun: 'is_dryrun',
}

export async function insertBulk(db: Db, row: Insertable<BulkTable>): Promise<void> {
  await db.insertInto('bulks').values(row).execute()
}

export async function findBulk(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<BulkRow | undefined> {
  return db
    .selectFrom('bulks')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .executeTakeFirst()
}

export async function listBulks(
  db: Db,
  dialect: Dialect,
  accountId: number,
  query: ParsedQuery<BulkFilterProperty>,
): Promise<{ rows: BulkRow[]; total: number }> {
  const where = whereConditions(query.conditions, COLUMNS, dialect)
  let base = db.selectFrom('bulks').where('account_id', '=', accountId)
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, COLUMNS, 'uuid'), query.page)
}

// Literal, as the partial index bulks_to_expand says it (SQLite matches partial indexes by text).
const isOpen = sql<boolean>`"status_code" in (0, 5)`

/** A single-process store at start: no other worker can hold a bulk. */
export async function releaseBulkLeases(db: Db): Promise<void> {
  await db
    .updateTable('bulks')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('lease_owner', 'is not', null)
    .execute()
}

/** Claims the oldest bulk still to expand whose lease is free or ran out. */
export async function claimBulk(
  db: Db,
  o: { workerId: string; leaseMs: number; nowMs: number },
): Promise<BulkRow | undefined> {
  // PostgreSQL: without SKIP LOCKED two workers picking the same bulk at once would both take
  // it (the second, once the first commits, still finds the uuid it chose), and the lease
  // condition is repeated outside so the one that waited re-reads it.
  const free = sql`(lease_owner is null or lease_expires_at < ${o.nowMs} or lease_owner = ${o.workerId})`
  const lock = dialectOf(db) === 'postgres' ? sql`for update skip locked` : sql``
  const r = await sql<BulkRow>`
    update bulks set lease_owner = ${o.workerId}, lease_expires_at = ${o.nowMs + o.leaseMs}
    where ${free} and uuid = (
      select uuid from bulks
      where ${isOpen} and is_dryrun = 0 and ${free}
      order by created_at limit 1 ${lock})
    returning *`.execute(db)
  return r.rows[0]
}

/**
 * Inserts a chunk of a bulk's SMS; a number the bulk already has is skipped. Returns the price
 * of each row actually inserted.
 */
export async function insertBulkSms(db: Db, rows: SmsRow[]): Promise<number[]> {
  if (rows.length === 0) return []
  // Built and compiled once per chunk size: for 500 rows of 38 columns the query building cost
  // more than SQLite took to insert them.
  const placeholders = Object.fromEntries(SMS_COLUMNS.map((c) => [c, '']))
  const query = compiledOnce(
    db,
    `insertBulkSms:${rows.length}`,
    (d) =>
      d
        .insertInto('sms')
        .values(rows.map(() => placeholders) as never)
        .onConflict((oc) =>
          oc.columns(['bulk_id', 'phone']).where('bulk_id', 'is not', null).doNothing(),
        )
        .returning('price_micro'),
    rows.flatMap((row) => SMS_COLUMNS.map((c) => row[c])),
  )
  const r = await db.executeQuery<{ price_micro: number }>(query)
  return r.rows.map((x) => Number(x.price_micro))
}

/**
 * Records the progress of an expansion in the transaction of its chunk; false when the bulk was
 * cancelled or deleted meanwhile (the chunk is then rolled back by the caller).
 */
export async function advanceBulk(
  db: Db,
  p: {
    uuid: string
    workerId: string
    cursorSource: number
    cursorId: number
    addedCount: number
    addedCostMicro: number
    /** Still reserved for the recipients to come. */
    reservedMicro: number
    leaseUntilMs: number
    at: number
  },
): Promise<boolean> {
  // The first chunk replaces the estimate of count and cost with what is actually made.
  const r = await sql`
    update bulks set status_code = 5, cursor_source = ${p.cursorSource}, cursor_id = ${p.cursorId},
      msg_total_count = case when status_code = 0 then 0 else msg_total_count end + ${p.addedCount},
      msg_total_cost_micro = case when status_code = 0 then 0 else msg_total_cost_micro end + ${p.addedCostMicro},
      reserved_micro = ${p.reservedMicro}, lease_expires_at = ${p.leaseUntilMs}, processed_at = ${p.at}
    where uuid = ${p.uuid} and ${isOpen} and lease_owner = ${p.workerId}`.execute(db)
  return Number(r.numAffectedRows ?? 0) > 0
}

/** Ends a bulk (done, or short of funds); returns what was still reserved, to refund. */
export async function closeBulk(
  db: Db,
  p: { uuid: string; statusCode: number; at: number; workerId?: string },
): Promise<{ accountId: number; reservedMicro: number } | null> {
  const owner = p.workerId === undefined ? sql`` : sql`and lease_owner = ${p.workerId}`
  // Read first: RETURNING shows the row after the update, when nothing is reserved any more.
  // PostgreSQL locks the row: a chunk committing meanwhile would otherwise have its reservation
  // refunded here and its SMS again by the cancel (SQLite has one writer at a time).
  const lock = dialectOf(db) === 'postgres' ? sql`for update` : sql``
  const before = await sql<{ account_id: number; reserved_micro: number }>`
    select account_id, reserved_micro from bulks where uuid = ${p.uuid} and ${isOpen} ${owner} ${lock}`.execute(
    db,
  )
  const row = before.rows[0]
  if (row === undefined) return null
  await sql`
    update bulks set status_code = ${p.statusCode}, processed_at = ${p.at}, reserved_micro = 0,
      lease_owner = null, lease_expires_at = null
    where uuid = ${p.uuid}`.execute(db)
  return { accountId: Number(row.account_id), reservedMicro: Number(row.reserved_micro) }
}

export async function deleteBulkRow(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<BulkRow | undefined> {
  return db
    .deleteFrom('bulks')
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .returningAll()
    .executeTakeFirst()
}
