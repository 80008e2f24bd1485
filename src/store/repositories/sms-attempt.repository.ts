// The event delivery attempts of one message: what its webhooks (and the other notification
// targets of its account) answered to each event about it.
import { sql } from 'kysely'
import type { SmsAttemptFilterProperty } from '../../domain/events/attempt-filters.js'
import { PAGE_SIZE, type ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { DeliveryState, EventTransport } from '../tables/event.table.js'

export type SmsAttemptRow = {
  id: number
  delivery_id: number
  webhook_id: number | null
  transport: EventTransport
  target: string
  event_id: string
  event_name: string
  attempt_number: number
  attempt_total: number
  attempted_at: number
  ok: number
  http_status: number | null
  error: string | null
  latency_ms: number
  /** The delivery's state, attempts so far and due time: whether and when it is tried again. */
  state: DeliveryState
  attempts: number
  due_at: number
}

const COLUMNS: ColumnMap<SmsAttemptFilterProperty> = {
  event_name: 'a.event_name',
  ok: 'a.ok',
  attempted_at: 'a.attempted_at',
}

/**
 * A page of the attempts of the deliveries of events about SMS `smsUuid` of the account, and
 * their number. Two index seeks per delivery: event_deliveries_sms finds the message's
 * deliveries (a handful: its events times the account's targets), event_attempts_delivery their
 * attempts (migration 0030).
 */
export async function listSmsAttempts(
  db: Db,
  dialect: Dialect,
  accountId: number,
  smsUuid: string,
  query: ParsedQuery<SmsAttemptFilterProperty>,
): Promise<{ rows: SmsAttemptRow[]; total: number }> {
  const base = attemptsOf(db, dialect, accountId, smsUuid, query)
  // The total comes with the page, from the same snapshot: a count beside it, on another
  // connection, could see an attempt the page did not (the worker records them meanwhile).
  const rows = (await pageQuery(base, query).execute()) as (SmsAttemptRow & { total: unknown })[]
  const [first] = rows
  if (first !== undefined || query.page === 1) {
    return { rows: rows.map(({ total: _, ...r }) => r), total: Number(first?.total ?? 0) }
  }
  // Past the last page: nothing to carry the total.
  const count = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return { rows: [], total: Number(count.n) }
}

/** The statement of one page, to read its plan. */
export function smsAttemptsPageQuery(
  db: Db,
  dialect: Dialect,
  accountId: number,
  smsUuid: string,
  query: ParsedQuery<SmsAttemptFilterProperty>,
) {
  return pageQuery(attemptsOf(db, dialect, accountId, smsUuid, query), query)
}

function attemptsOf(
  db: Db,
  dialect: Dialect,
  accountId: number,
  smsUuid: string,
  query: ParsedQuery<SmsAttemptFilterProperty>,
) {
  const where = whereConditions(query.conditions, COLUMNS, dialect)
  const base = db
    .selectFrom('event_deliveries as d')
    .innerJoin('event_attempts as a', 'a.delivery_id', 'd.id')
    .where('d.account_id', '=', accountId)
    .where('d.sms_uuid', '=', smsUuid)
    .where('a.account_id', '=', accountId)
  return where ? base.where(where) : base
}

function pageQuery(
  base: ReturnType<typeof attemptsOf>,
  query: ParsedQuery<SmsAttemptFilterProperty>,
) {
  return base
    .select([
      'a.id',
      'a.delivery_id',
      'a.webhook_id',
      'd.transport',
      'd.target',
      'a.event_id',
      'a.event_name',
      'a.attempt_number',
      'a.attempt_total',
      'a.attempted_at',
      'a.ok',
      'a.http_status',
      'a.error',
      'a.latency_ms',
      'd.state',
      'd.attempts',
      'd.due_at',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .orderBy(orderTerms(query.order, COLUMNS, 'a.id'))
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
}
