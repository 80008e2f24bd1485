import { sql, type SqlBool } from 'kysely'
import type { FraudCheckFilterProperty } from '../../domain/fraud/fraud-filters.js'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import { dialectOf } from '../statement.js'
import type { FraudCheckRow } from '../tables/fraud-check.table.js'

const COLUMNS: ColumnMap<FraudCheckFilterProperty> = {
  id: 'uuid',
  callback_data: 'callback_data',
  'request_phone.phone': 'phone',
  'request_email.email': 'email',
  'request_ip.ip': 'ip',
  status_code: 'status_code',
  created_at: 'created_at',
}

/** `status_code = 0` as a literal, so the queue index's first column is a plain equality. */
const PENDING = sql<SqlBool>`status_code = ${sql.lit(0)}`

export async function insertFraudCheck(db: Db, row: FraudCheckRow): Promise<void> {
  await db.insertInto('fraud_checks').values(row).execute()
}

export async function findFraudCheck(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<FraudCheckRow | undefined> {
  return db
    .selectFrom('fraud_checks')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .executeTakeFirst()
}

export async function listFraudChecks(
  db: Db,
  dialect: Dialect,
  accountId: number,
  query: ParsedQuery<FraudCheckFilterProperty>,
): Promise<{ rows: FraudCheckRow[]; total: number }> {
  const where = whereConditions(query.conditions, COLUMNS, dialect)
  let base = db.selectFrom('fraud_checks').where('account_id', '=', accountId)
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, COLUMNS, 'uuid'), query.page)
}

/** Deletes a check; returns it as it was (to refund a pending one), or undefined. */
export async function deleteFraudCheck(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<Pick<FraudCheckRow, 'status_code' | 'price_micro'> | undefined> {
  const r = await db
    .deleteFrom('fraud_checks')
    .where('account_id', '=', accountId)
    .where('uuid', '=', uuid)
    .returning(['status_code', 'price_micro'])
    .executeTakeFirst()
  return r && { status_code: Number(r.status_code), price_micro: Number(r.price_micro) }
}

export type FraudClaim = { workerId: string; limit: number; leaseMs: number; nowMs: number }

/**
 * Claims up to `limit` pending checks whose lease is free or ran out, `direct` ones first, then
 * the oldest. SQLite has a single writer, so UPDATE … WHERE uuid IN (subquery) cannot race.
 * PostgreSQL picks the rows in a CTE with FOR UPDATE SKIP LOCKED, so parallel workers take
 * disjoint rows; as an IN subquery the planner may run it again per row (it did here on a small
 * table), and each run skipped the rows the statement had already updated and took further ones,
 * beyond the limit.
 */
export async function claimFraudChecks(db: Db, o: FraudClaim): Promise<FraudCheckRow[]> {
  const free = sql`(lease_owner is null or lease_expires_at < ${o.nowMs})`
  const set = sql`lease_owner = ${o.workerId}, lease_expires_at = ${o.nowMs + o.leaseMs},
        attempts = attempts + 1`
  const pick = sql`select uuid from fraud_checks where ${PENDING} and ${free}
      order by priority, uuid limit ${o.limit}`
  const r =
    dialectOf(db) === 'postgres'
      ? await sql<FraudCheckRow>`
    with picked as materialized (${pick} for update skip locked)
    update fraud_checks f set ${set}
    from picked where f.uuid = picked.uuid
    returning f.*`.execute(db)
      : await sql<FraudCheckRow>`
    update fraud_checks set ${set}
    where uuid in (${pick})
    returning *`.execute(db)
  return r.rows.sort((a, b) => a.priority - b.priority || (a.uuid < b.uuid ? -1 : 1))
}

/**
 * Records the outcome of a claimed check, if this worker still holds it (a check deleted or
 * taken over meanwhile is left alone). Returns whether it did.
 */
export async function finishFraudCheck(
  db: Db,
  o: {
    uuid: string
    workerId: string
    statusCode: number
    riskScore: number | null
    result: string | null
    at: number
  },
): Promise<boolean> {
  const r = await db
    .updateTable('fraud_checks')
    .set({
      status_code: o.statusCode,
      risk_score: o.riskScore,
      result: o.result,
      updated_at: o.at,
      lease_owner: null,
      lease_expires_at: null,
    })
    .where('uuid', '=', o.uuid)
    .where('lease_owner', '=', o.workerId)
    .where('status_code', '=', 0)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** A single SQLite process starts with no worker alive: every lease is stale. */
export async function releaseFraudLeases(db: Db): Promise<void> {
  await db
    .updateTable('fraud_checks')
    .set({ lease_owner: null, lease_expires_at: null })
    .where('lease_owner', 'is not', null)
    .execute()
}

export async function pendingFraudChecks(db: Db): Promise<number> {
  const r = await db
    .selectFrom('fraud_checks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(PENDING)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** What this account's traffic says of a number: SMS delivered, SMS failed, unsubscribed. */
export async function phoneHistory(
  db: Db,
  accountId: number,
  phone: string,
): Promise<{ delivered: number; failed: number; optedOut: boolean }> {
  const [sent, opted] = await Promise.all([
    db
      .selectFrom('sms')
      .select([
        sql<number>`sum(case when state = 'delivered' then 1 else 0 end)`.as('delivered'),
        sql<number>`sum(case when state in ('rejected', 'expired', 'failed') then 1 else 0 end)`.as(
          'failed',
        ),
      ])
      .where('phone', '=', phone)
      .where('account_id', '=', accountId)
      .executeTakeFirst(),
    db
      .selectFrom('phones')
      .select('id')
      .where('account_id', '=', accountId)
      .where('phone', '=', phone)
      .where('unsubscribed_at', 'is not', null)
      .limit(1)
      .executeTakeFirst(),
  ])
  return {
    delivered: Number(sent?.delivered ?? 0),
    failed: Number(sent?.failed ?? 0),
    optedOut: opted !== undefined,
  }
}
