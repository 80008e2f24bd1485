import { sql, type SqlBool } from 'kysely'
import type { AttemptFilterProperty } from '../../domain/events/attempt-filters.js'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { EventAttemptRow, EventDeliveryRow, EventTransport } from '../tables/event.table.js'
import { bound, dialectOf, statement } from '../statement.js'

export type NewDelivery = {
  event_id: string
  account_id: number
  name: string
  data: string
  created_at: number
  subject: string | null
  target_key: string
  webhook_id: number | null
  transport: EventTransport
  target: string
  task_id: string
  attempt_total: number
  due_at: number
}

// The per-event statements are fixed SQL: building them cost more than running them.
const INSERT_DELIVERY = statement`
  insert into event_deliveries (event_id, account_id, name, data, created_at, subject, target_key,
    webhook_id, transport, target, task_id, attempt_total, due_at, state, updated_at)
  values (${'event_id'}, ${'account_id'}, ${'name'}, ${'data'}, ${'created_at'}, ${'subject'},
    ${'target_key'}, ${'webhook_id'}, ${'transport'}, ${'target'}, ${'task_id'}, ${'attempt_total'},
    ${'due_at'}, 'pending', ${'nowMs'})`

const FINISH_DELIVERY = statement`
  update event_deliveries set state = ${'state'}, attempts = ${'attemptNumber'}, due_at = ${'dueAt'},
    lease_owner = null, lease_expires_at = null, updated_at = ${'nowMs'}
  where id = ${'id'} and lease_owner = ${'workerId'}`

const INSERT_ATTEMPT = statement`
  insert into event_attempts (delivery_id, account_id, webhook_id, event_id, event_name,
    attempt_number, attempt_total, attempted_at, ok, http_status, error, latency_ms)
  values (${'id'}, ${'account_id'}, ${'webhook_id'}, ${'event_id'}, ${'name'}, ${'attemptNumber'},
    ${'attempt_total'}, ${'attemptedAt'}, ${'ok'}, ${'httpStatus'}, ${'error'}, ${'latencyMs'})`

// A delivery stored leased to a worker that takes it at once (events/hand-off.ts), unless an
// earlier delivery of the same target and subject is still open: that one goes first, so this
// one is stored pending and waits for a claim (the order rule of claimDeliveries). The casts
// give PostgreSQL the types it cannot infer in a select list.
const INSERT_LEASED_DELIVERY = statement`
  insert into event_deliveries (event_id, account_id, name, data, created_at, subject, target_key,
    webhook_id, transport, target, task_id, attempt_total, due_at, state, lease_owner,
    lease_expires_at, updated_at)
  select cast(${'event_id'} as text), cast(${'account_id'} as bigint), cast(${'name'} as text),
    cast(${'data'} as text), cast(${'created_at'} as bigint), cast(${'subject'} as text),
    cast(${'target_key'} as text), cast(${'webhook_id'} as bigint), cast(${'transport'} as text),
    cast(${'target'} as text), cast(${'task_id'} as text), cast(${'attempt_total'} as integer),
    cast(${'due_at'} as bigint),
    case when o.open then 'pending' else 'delivering' end,
    case when o.open then null else cast(${'owner'} as text) end,
    case when o.open then null else cast(${'leaseUntil'} as bigint) end,
    cast(${'nowMs'} as bigint)
  from (select exists (select 1 from event_deliveries p
    where p.target_key = ${'target_key'} and p.subject = ${'subject'}
      and p."state" in ('pending', 'delivering')) as open) o
  returning id, state`

/**
 * Stores a delivery leased to `owner` until `leaseUntil`, or pending behind an open delivery of
 * its target and subject: its id, and whether it was leased.
 */
export async function insertLeasedDelivery(
  db: Db,
  row: NewDelivery,
  o: { owner: string; leaseUntil: number; nowMs: number },
): Promise<{ id: number; leased: boolean }> {
  const r = await db.executeQuery<{ id: number | string; state: string }>(
    bound(db, INSERT_LEASED_DELIVERY, row, o),
  )
  const stored = r.rows[0]!
  return { id: Number(stored.id), leased: stored.state === 'delivering' }
}

export async function insertDeliveries(db: Db, rows: NewDelivery[], nowMs: number): Promise<void> {
  if (rows.length === 0) return
  if (rows.length === 1) {
    await db.executeQuery(bound(db, INSERT_DELIVERY, rows[0]!, { nowMs }))
    return
  }
  await db
    .insertInto('event_deliveries')
    .values(rows.map((r) => ({ ...r, state: 'pending' as const, updated_at: nowMs })))
    .execute()
}

// Literal terms, as the partial indexes (migration 0005) say them: SQLite uses a partial index
// only when the query repeats its condition with the same literals.
const isPending = sql<SqlBool>`d."state" = 'pending'`
const isOpen = sql<SqlBool>`p."state" in ('pending', 'delivering')`

/**
 * Claims due deliveries under a lease, oldest first. A delivery waits while an earlier one for
 * the same target and subject is still open (pending or being delivered, retries included), so
 * one message's events reach each target in the order they happened.
 */
export async function claimDeliveries(
  db: Db,
  dialect: Dialect,
  o: { workerId: string; limit: number; leaseMs: number; nowMs: number },
): Promise<EventDeliveryRow[]> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``
  const result = await sql<EventDeliveryRow>`
    update event_deliveries set state = 'delivering', lease_owner = ${o.workerId},
      lease_expires_at = ${o.nowMs + o.leaseMs}, updated_at = ${o.nowMs}
    where id in (
      select d.id from event_deliveries d
      where ${isPending} and d.due_at <= ${o.nowMs}
        and not exists (
          select 1 from event_deliveries p
          where p.target_key = d.target_key and p.subject = d.subject and p.id < d.id and ${isOpen})
      order by d.due_at, d.id
      limit ${o.limit} ${lock})
    returning *`.execute(db)
  return result.rows.sort((a, b) => Number(a.id) - Number(b.id))
}

const MAX_TERMS = 100

/** A target with pending deliveries: its oldest pending one's due time, and its account. */
export type PendingTarget = { target_key: string; account_id: number; due_at: number }

/**
 * The targets with pending deliveries after `after` in key order, at most `limit`, each with
 * its oldest pending delivery (due or not). A skip scan of event_deliveries_target_due: two
 * index seeks per target, however deep its backlog (migration 0016).
 */
export async function pendingTargets(
  db: Db,
  o: { after: string; limit: number },
): Promise<PendingTarget[]> {
  const next = (after: unknown) => sql`(select d.target_key from event_deliveries d
    where ${isPending} and d.target_key > ${after} order by d.target_key limit 1)`
  const r = await sql<PendingTarget>`
    with recursive t(k, n) as (
      select ${next(o.after)}, 1
      union all
      select ${next(sql.ref('t.k'))}, t.n + 1 from t where t.k is not null and t.n < ${o.limit})
    select t.k as target_key, h.account_id, h.due_at from t
    join event_deliveries h on h.id = (select d.id from event_deliveries d
      where ${isPending} and d.target_key = t.k order by d.due_at, d.id limit 1)
    where t.k is not null
    order by t.n`.execute(db)
  return r.rows.map((x) => ({
    target_key: x.target_key,
    account_id: Number(x.account_id),
    due_at: Number(x.due_at),
  }))
}

/**
 * Claims, for each target of `plan`, up to its number of due deliveries, oldest first, under a
 * lease. The order rule of claimDeliveries holds per target: a delivery waits while an earlier
 * one of the same target and subject is open.
 */
export async function claimTargetDeliveries(
  db: Db,
  dialect: Dialect,
  o: {
    workerId: string
    plan: readonly { targetKey: string; n: number }[]
    leaseMs: number
    nowMs: number
  },
): Promise<EventDeliveryRow[]> {
  if (o.plan.length === 0) return []
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``
  // One term per target: each reads the head of its target in event_deliveries_target_due.
  const terms = o.plan.map(
    (p) => sql`select q.id from (select d.id from event_deliveries d
      where ${isPending} and d.target_key = ${p.targetKey} and d.due_at <= ${o.nowMs}
        and not exists (
          select 1 from event_deliveries p
          where p.target_key = d.target_key and p.subject = d.subject and p.id < d.id and ${isOpen})
      order by d.due_at, d.id
      limit ${p.n} ${lock}) as q`,
  )
  const rows: EventDeliveryRow[] = []
  // SQLite allows 500 terms in a compound select; a claim plans at most a batch of targets.
  for (let i = 0; i < terms.length; i += MAX_TERMS) {
    const result = await sql<EventDeliveryRow>`
      update event_deliveries set state = 'delivering', lease_owner = ${o.workerId},
        lease_expires_at = ${o.nowMs + o.leaseMs}, updated_at = ${o.nowMs}
      where id in (${sql.join(terms.slice(i, i + MAX_TERMS), sql` union all `)})
      returning *`.execute(db)
    rows.push(...result.rows)
  }
  return rows.sort((a, b) => Number(a.id) - Number(b.id))
}

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

/**
 * Handed deliveries a worker has no place for (their target or account at its cap, their
 * breaker open) go back to the queue, where claims share the places out fairly.
 */
export async function returnDeliveries(
  db: Db,
  workerId: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('event_deliveries')
    .set({ state: 'pending', lease_owner: null, lease_expires_at: null })
    .where('id', 'in', ids)
    .where('lease_owner', '=', workerId)
    .where('state', '=', 'delivering')
    .execute()
}

/** A delivery that cannot be attempted (its webhook is gone or off) ends without an attempt. */
export async function dropDelivery(
  db: Db,
  id: number,
  workerId: string,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ state: 'failed', lease_owner: null, lease_expires_at: null, updated_at: nowMs })
    .where('id', '=', id)
    .where('lease_owner', '=', workerId)
    .execute()
}

export async function extendDeliveryLeases(
  db: Db,
  workerId: string,
  untilMs: number,
): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ lease_expires_at: untilMs })
    .where('lease_owner', '=', workerId)
    .where('state', '=', 'delivering')
    .execute()
}

/**
 * Deliveries whose worker died go back to pending: their lease ran out, or they are held by
 * `owners` (workers known dead, dead-owners.ts); `all` at start of a single-process store.
 */
export async function releaseDeliveryLeases(
  db: Db,
  o: { nowMs: number; all?: boolean; owners?: readonly string[] },
): Promise<number> {
  let q = db
    .updateTable('event_deliveries')
    .set({ state: 'pending', lease_owner: null, lease_expires_at: null })
    .where('state', '=', 'delivering')
  const owners = o.owners ?? []
  if (!o.all && owners.length === 0) q = q.where('lease_expires_at', '<', o.nowMs)
  else if (!o.all)
    q = q.where((eb) =>
      eb.or([eb('lease_expires_at', '<', o.nowMs), eb('lease_owner', 'in', owners)]),
    )
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** When the next pending delivery falls due, so an idle worker knows when to look again. */
export async function nextDeliveryDueAt(db: Db): Promise<number | null> {
  const r = await sql<{ due_at: number }>`
    select d.due_at from event_deliveries d where ${isPending} order by d.due_at, d.id limit 1`.execute(
    db,
  )
  return r.rows[0] === undefined ? null : Number(r.rows[0].due_at)
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
