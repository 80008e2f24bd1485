import { sql, type SqlBool } from 'kysely'
import type { Db, Dialect } from '../database.js'
import type { EventDeliveryRow, EventTransport } from '../tables/event.table.js'
import { bound, statement } from '../statement.js'

export type NewDelivery = {
  event_id: string
  account_id: number
  name: string
  data: string
  created_at: number
  subject: string | null
  sms_uuid: string | null
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
  insert into event_deliveries (event_id, account_id, name, data, created_at, subject, sms_uuid,
    target_key, webhook_id, transport, target, task_id, attempt_total, due_at, state, updated_at)
  values (${'event_id'}, ${'account_id'}, ${'name'}, ${'data'}, ${'created_at'}, ${'subject'},
    ${'sms_uuid'}, ${'target_key'}, ${'webhook_id'}, ${'transport'}, ${'target'}, ${'task_id'}, ${'attempt_total'},
    ${'due_at'}, 'pending', ${'nowMs'})`

// A delivery stored leased to a worker that takes it at once (events/hand-off.ts), unless an
// earlier delivery of the same target and subject is still open: that one goes first, so this
// one is stored pending and waits for a claim (the order rule of claimDeliveries). The casts
// give PostgreSQL the types it cannot infer in a select list.
const INSERT_LEASED_DELIVERY = statement`
  insert into event_deliveries (event_id, account_id, name, data, created_at, subject, sms_uuid,
    target_key, webhook_id, transport, target, task_id, attempt_total, due_at, state, lease_owner,
    lease_expires_at, updated_at)
  select cast(${'event_id'} as text), cast(${'account_id'} as bigint), cast(${'name'} as text),
    cast(${'data'} as text), cast(${'created_at'} as bigint), cast(${'subject'} as text),
    cast(${'sms_uuid'} as text),
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

/** A delivery leased to this worker goes back to the queue, due again at `dueAtMs`. */
export async function postponeDelivery(
  db: Db,
  workerId: string,
  id: number,
  dueAtMs: number,
): Promise<void> {
  await db
    .updateTable('event_deliveries')
    .set({ state: 'pending', lease_owner: null, lease_expires_at: null, due_at: dueAtMs })
    .where('id', '=', id)
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
