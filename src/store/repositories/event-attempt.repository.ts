// What became of event deliveries: the attempts of one group commit recorded together, and
// the attempts and deliveries a customer looks at (a webhook's log, a replay).
import type { AttemptFilterProperty } from '../../domain/events/attempt-filters.js'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { EventAttemptRow, EventDeliveryRow } from '../tables/event.table.js'
import { bound, dialectOf, statement } from '../statement.js'

// The per-attempt statements are fixed SQL: building them cost more than running them.
const FINISH_DELIVERY = statement`
  update event_deliveries set state = ${'state'}, attempts = ${'attemptNumber'}, due_at = ${'dueAt'},
    lease_owner = null, lease_expires_at = null, updated_at = ${'nowMs'}
  where id = ${'id'} and lease_owner = ${'workerId'}`

const INSERT_ATTEMPT = statement`
  insert into event_attempts (delivery_id, account_id, webhook_id, event_id, event_name,
    attempt_number, attempt_total, attempted_at, ok, http_status, error, latency_ms)
  values (${'id'}, ${'account_id'}, ${'webhook_id'}, ${'event_id'}, ${'name'}, ${'attemptNumber'},
    ${'attempt_total'}, ${'attemptedAt'}, ${'ok'}, ${'httpStatus'}, ${'error'}, ${'latencyMs'})`

/** Records the outcome of one attempt: delivered, failed for good, or due again at `retryAtMs`. */
export async function finishAttempt(
  db: Db,
  d: Pick<
    EventDeliveryRow,
    'id' | 'account_id' | 'webhook_id' | 'event_id' | 'name' | 'attempt_total'
  >,
  a: {
    workerId: string
    attemptNumber: number
    ok: boolean
    httpStatus: number | null
    error: string | null
    latencyMs: number
    attemptedAt: number
    retryAtMs: number | null
    nowMs: number
  },
): Promise<boolean> {
  const state = a.ok ? 'delivered' : a.retryAtMs === null ? 'failed' : 'pending'
  const dueAt = a.retryAtMs ?? a.nowMs
  const r = await db.executeQuery(bound(db, FINISH_DELIVERY, a, { id: d.id, state, dueAt }))
  if (Number(r.numAffectedRows ?? 0) === 0) return false
  await db.executeQuery(bound(db, INSERT_ATTEMPT, d, attemptValues(a)))
  return true
}

function attemptValues(a: Parameters<typeof finishAttempt>[2]) {
  const { attemptNumber, attemptedAt, httpStatus, error, latencyMs } = a
  return { attemptNumber, attemptedAt, ok: a.ok ? 1 : 0, httpStatus, error, latencyMs }
}

export type FinishedAttempt = {
  delivery: Pick<
    EventDeliveryRow,
    'id' | 'account_id' | 'webhook_id' | 'event_id' | 'name' | 'attempt_total'
  >
  attempt: Parameters<typeof finishAttempt>[2]
}

// The attempts of one group commit: the deliveries' new states in one statement (JSON array of
// [id, state, attempts, due_at, updated_at] on SQLite, arrays on PostgreSQL), then their attempts.
export const FINISH_MANY_SQLITE = statement`
  with v(id, state, attempts, due_at, updated_at) as (
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 from json_each(${'rows'}))
  update event_deliveries set state = v.state, attempts = v.attempts, due_at = v.due_at,
    lease_owner = null, lease_expires_at = null, updated_at = v.updated_at
  from v where event_deliveries.id = v.id and event_deliveries.lease_owner = ${'workerId'}
  returning event_deliveries.id`

const FINISH_MANY_PG = statement`
  update event_deliveries d set state = v.state, attempts = v.attempts, due_at = v.due_at,
    lease_owner = null, lease_expires_at = null, updated_at = v.updated_at
  from unnest(cast(${'ids'} as bigint[]), cast(${'states'} as text[]),
      cast(${'attempts'} as integer[]), cast(${'dueAts'} as bigint[]), cast(${'updatedAts'} as bigint[]))
    as v(id, state, attempts, due_at, updated_at)
  where d.id = v.id and d.lease_owner = ${'workerId'}
  returning d.id`

// Their attempts, in one statement: a JSON array of rows on SQLite, arrays on PostgreSQL.
const INSERT_ATTEMPTS_SQLITE = statement`
  insert into event_attempts (delivery_id, account_id, webhook_id, event_id, event_name,
    attempt_number, attempt_total, attempted_at, ok, http_status, error, latency_ms)
  select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
    value ->> 6, value ->> 7, value ->> 8, value ->> 9, value ->> 10, value ->> 11
  from json_each(${'rows'})`

const INSERT_ATTEMPTS_PG = statement`
  insert into event_attempts (delivery_id, account_id, webhook_id, event_id, event_name,
    attempt_number, attempt_total, attempted_at, ok, http_status, error, latency_ms)
  select * from unnest(cast(${'ids'} as bigint[]), cast(${'accounts'} as bigint[]),
    cast(${'webhooks'} as bigint[]), cast(${'events'} as text[]), cast(${'names'} as text[]),
    cast(${'numbers'} as integer[]), cast(${'totals'} as integer[]),
    cast(${'attemptedAts'} as bigint[]), cast(${'oks'} as integer[]),
    cast(${'statuses'} as integer[]), cast(${'errors'} as text[]), cast(${'latencies'} as integer[]))`

async function insertAttempts(db: Db, done: readonly FinishedAttempt[]): Promise<void> {
  if (done.length === 0) return
  const [only] = done
  if (done.length === 1) {
    await db.executeQuery(bound(db, INSERT_ATTEMPT, only!.delivery, attemptValues(only!.attempt)))
    return
  }
  if (dialectOf(db) === 'postgres') {
    await db.executeQuery(
      bound(db, INSERT_ATTEMPTS_PG, {
        ids: done.map((d) => d.delivery.id),
        accounts: done.map((d) => d.delivery.account_id),
        webhooks: done.map((d) => d.delivery.webhook_id),
        events: done.map((d) => d.delivery.event_id),
        names: done.map((d) => d.delivery.name),
        numbers: done.map((d) => d.attempt.attemptNumber),
        totals: done.map((d) => d.delivery.attempt_total),
        attemptedAts: done.map((d) => d.attempt.attemptedAt),
        oks: done.map((d) => (d.attempt.ok ? 1 : 0)),
        statuses: done.map((d) => d.attempt.httpStatus),
        errors: done.map((d) => d.attempt.error),
        latencies: done.map((d) => d.attempt.latencyMs),
      }),
    )
    return
  }
  const rows = done.map(({ delivery: d, attempt: a }) => [
    Number(d.id),
    Number(d.account_id),
    d.webhook_id === null ? null : Number(d.webhook_id),
    d.event_id,
    d.name,
    a.attemptNumber,
    d.attempt_total,
    a.attemptedAt,
    a.ok ? 1 : 0,
    a.httpStatus,
    a.error,
    a.latencyMs,
  ])
  await db.executeQuery(bound(db, INSERT_ATTEMPTS_SQLITE, { rows: JSON.stringify(rows) }))
}

/**
 * finishAttempt for many attempts of one worker: which of them were still its to record (a
 * lease that ran out lets another worker attempt the delivery again).
 */
export async function finishAttempts(
  db: Db,
  workerId: string,
  done: readonly FinishedAttempt[],
): Promise<boolean[]> {
  const [only] = done
  if (done.length <= 1) return only ? [await finishAttempt(db, only.delivery, only.attempt)] : []
  const outcome = done.map(({ delivery, attempt: a }) => ({
    id: Number(delivery.id),
    state: a.ok ? 'delivered' : a.retryAtMs === null ? 'failed' : 'pending',
    attempts: a.attemptNumber,
    dueAt: a.retryAtMs ?? a.nowMs,
    updatedAt: a.nowMs,
  }))
  const r =
    dialectOf(db) === 'postgres'
      ? await db.executeQuery<{ id: number | string }>(
          bound(db, FINISH_MANY_PG, {
            workerId,
            ids: outcome.map((o) => o.id),
            states: outcome.map((o) => o.state),
            attempts: outcome.map((o) => o.attempts),
            dueAts: outcome.map((o) => o.dueAt),
            updatedAts: outcome.map((o) => o.updatedAt),
          }),
        )
      : await db.executeQuery<{ id: number }>(
          bound(db, FINISH_MANY_SQLITE, {
            workerId,
            rows: JSON.stringify(
              outcome.map((o) => [o.id, o.state, o.attempts, o.dueAt, o.updatedAt]),
            ),
          }),
        )
  const finished = new Set(r.rows.map((x) => Number(x.id)))
  // In the order they came, as one by one: the attempts of a delivery keep their order by id.
  await insertAttempts(
    db,
    done.filter((d) => finished.has(Number(d.delivery.id))),
  )
  return done.map((d) => finished.has(Number(d.delivery.id)))
}

/** The delivery of an event to a webhook, to send it again. */
export async function findWebhookDelivery(
  db: Db,
  accountId: number,
  webhookId: number,
  eventId: string,
): Promise<EventDeliveryRow | undefined> {
  return db
    .selectFrom('event_deliveries')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('webhook_id', '=', webhookId)
    .where('event_id', '=', eventId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

const ATTEMPT_COLUMNS: ColumnMap<AttemptFilterProperty> = {
  event_id: 'event_id',
  event_name: 'event_name',
  ok: 'ok',
  attempted_at: 'attempted_at',
}

export async function listAttempts(
  db: Db,
  dialect: Dialect,
  accountId: number,
  webhookId: number,
  query: ParsedQuery<AttemptFilterProperty>,
): Promise<{ rows: EventAttemptRow[]; total: number }> {
  const where = whereConditions(query.conditions, ATTEMPT_COLUMNS, dialect)
  let base = db
    .selectFrom('event_attempts')
    .where('account_id', '=', accountId)
    .where('webhook_id', '=', webhookId)
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, ATTEMPT_COLUMNS, 'id'), query.page)
}
