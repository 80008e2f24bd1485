import { sql, type SqlBool } from 'kysely'
import type { Db } from '../database.js'

/** A page of a list read newest first: one row more than asked tells whether another follows. */
export type Paging = { page: number; perPage: number }
export type PageOf<T> = { rows: T[]; more: boolean }

/**
 * As the partial index sms_failed (migration 0025) says it, with literals: with bound
 * parameters SQLite cannot prove the index covers the query and scans the table.
 */
const isFailed = sql<SqlBool>`"state" in (${sql.join(['failed', 'rejected', 'expired'].map((s) => sql.lit(s)))})`
const isFailedAttempt = sql<SqlBool>`"ok" = ${sql.lit(0)}`

const FAILED_MESSAGE_COLUMNS = [
  'uuid',
  'account_id',
  'phone',
  'iso2',
  'state',
  'status_code',
  'dlr_code',
  'status_detail',
  'connector_id',
  'updated_at',
] as const

/** The latest failed, rejected and expired messages of every account, newest first. */
export async function recentFailedMessages(db: Db, p: Paging) {
  const rows = await db
    .selectFrom('sms')
    .select(FAILED_MESSAGE_COLUMNS)
    .where(isFailed)
    .orderBy('updated_at', 'desc')
    .orderBy('uuid', 'desc')
    .limit(p.perPage + 1)
    .offset((p.page - 1) * p.perPage)
    .execute()
  return pageOf(rows, p)
}

export type FailedMessageRow = Awaited<ReturnType<typeof recentFailedMessages>>['rows'][number]

/** The latest failed attempts to deliver an event (webhooks and pushes), newest first. */
export async function recentFailedAttempts(db: Db, p: Paging) {
  const rows = await db
    .selectFrom('event_attempts')
    .select([
      'id',
      'account_id',
      'webhook_id',
      'event_id',
      'event_name',
      'attempt_number',
      'attempt_total',
      'http_status',
      'error',
      'attempted_at',
    ])
    .where(isFailedAttempt)
    .orderBy('id', 'desc')
    .limit(p.perPage + 1)
    .offset((p.page - 1) * p.perPage)
    .execute()
  return pageOf(rows, p)
}

export type FailedAttemptRow = Awaited<ReturnType<typeof recentFailedAttempts>>['rows'][number]

function pageOf<T>(rows: T[], p: Paging): PageOf<T> {
  return { rows: rows.slice(0, p.perPage), more: rows.length > p.perPage }
}
