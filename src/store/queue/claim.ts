import { sql, type SqlBool } from 'kysely'
import type { Db, Dialect } from '../database.js'
import { dialectOf } from '../statement.js'
import type { SmsRow, SmsTable } from '../tables/sms.table.js'
import { PRIORITIES, type Priority } from '../../domain/message/priority.js'
import { UNSENT_STATES } from '../../domain/message/status.js'

/**
 * `state in ('queued', 'scheduled')` exactly as the partial index sms_due (migration 0001) says
 * it: SQLite uses a partial index only when the query repeats its condition term for term, with
 * literal values in the same order (bound parameters or another order mean a full scan: 3 ms
 * instead of 0.1 ms per claim at 20,000 rows).
 */
const SMS_DUE_STATES = [
  'queued',
  'scheduled',
] as const satisfies readonly (typeof UNSENT_STATES)[number][]
export const isUnsent = sql<SqlBool>`"state" in (${sql.join(SMS_DUE_STATES.map((s) => sql.lit(s)))})`

/**
 * What the dispatcher reads of a claimed message. Each column a RETURNING row carries costs:
 * with all 40 a claim took 22 µs per message on SQLite, 14 of them building the row objects;
 * with these it takes 13.
 */
export const CLAIMED_COLUMNS = [
  'uuid',
  'account_id',
  'phone',
  'iso2',
  'service_code',
  'voice_lang',
  'sender_id',
  'text',
  'is_unicode',
  'is_binary',
  'udh',
  'message_class',
  'parts_count',
  'valid_until',
  'route_id',
  'attempts',
  'due_at',
] as const satisfies readonly (keyof SmsTable)[]

export type ClaimedSms = Pick<SmsRow, (typeof CLAIMED_COLUMNS)[number]>

export type ClaimOptions = { workerId: string; limit: number; leaseMs: number; nowMs: number }

/**
 * Claims up to `limit` due messages, most urgent first, under a lease. One priority at a time:
 * with the index sms_due on (priority, due_at), `priority = ? and due_at <= ?` is a range seek,
 * while one query ordered by priority scanned every waiting row of a priority before the next
 * (70 ms per claim with a million messages scheduled for tomorrow, instead of 0.1 ms).
 * Each is one UPDATE … WHERE uuid IN (subquery) RETURNING, so a cancel that lands first wins
 * and one that lands later finds the row no longer unsent. SQLite has a single writer, so the
 * subquery cannot race; PostgreSQL adds FOR UPDATE SKIP LOCKED so parallel workers take
 * disjoint rows instead of waiting on each other.
 */
export async function claimDueMessages(
  db: Db,
  dialect: Dialect,
  o: ClaimOptions,
): Promise<ClaimedSms[]> {
  // Urgent first (messaggisms.com priorities above 1.00, domain/message/priority.ts), in their
  // own order; then each fixed priority.
  const claimed: ClaimedSms[] = await claimUrgent(db, dialect, o)
  for (const priority of PRIORITIES) {
    if (claimed.length >= o.limit) break
    const rows = await claimOfPriority(db, dialect, priority, {
      ...o,
      limit: o.limit - claimed.length,
    })
    claimed.push(...rows.sort((a, b) => Number(a.due_at) - Number(b.due_at)))
  }
  return claimed
}

function claimOfPriority(
  db: Db,
  dialect: Dialect,
  priority: Priority,
  o: ClaimOptions,
): Promise<ClaimedSms[]> {
  return db
    .updateTable('sms')
    .set((eb) => ({
      state: 'submitting',
      lease_owner: o.workerId,
      lease_expires_at: o.nowMs + o.leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: Math.floor(o.nowMs / 1000),
    }))
    .where('uuid', 'in', dueOfPriority(db, dialect, priority, o))
    .returning(CLAIMED_COLUMNS)
    .execute()
}

/**
 * Messages with a priority below 0, most urgent (lowest) first, then by due time: a range of the
 * sms_due index read in its own order, so the claim skips only urgent messages not yet due (few:
 * urgency is bought per message) and never touches the rest of the queue. Its cost when there is
 * none: one more statement per claim, about 0.1 ms on SQLite with 20,000 queued (claims of 5:
 * 245-440 µs without, 375-560 with, alternating runs on the shared 2-core machine); a claim takes
 * up to 500 messages under load.
 */
async function claimUrgent(db: Db, dialect: Dialect, o: ClaimOptions): Promise<ClaimedSms[]> {
  const due = db
    .selectFrom('sms')
    .select('uuid')
    .where(isUnsent)
    .where('priority', '<', 0)
    .where('due_at', '<=', o.nowMs)
    .orderBy('priority')
    .orderBy('due_at')
    .limit(o.limit)
  const rows = await db
    .updateTable('sms')
    .set((eb) => ({
      state: 'submitting',
      lease_owner: o.workerId,
      lease_expires_at: o.nowMs + o.leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: Math.floor(o.nowMs / 1000),
    }))
    .where('uuid', 'in', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returning([...CLAIMED_COLUMNS, 'priority'])
    .execute()
  rows.sort((a, b) => a.priority - b.priority || Number(a.due_at) - Number(b.due_at))
  return rows.map(({ priority: _p, ...r }) => r)
}

/** The messages of one priority a claim takes; exported so a test can read SQLite's plan for it. */
export function dueOfPriority(
  db: Db,
  dialect: Dialect,
  priority: Priority,
  o: Pick<ClaimOptions, 'limit' | 'nowMs'>,
) {
  const due = db
    .selectFrom('sms')
    .select('uuid')
    .where(isUnsent)
    .where('priority', '=', priority)
    .where('due_at', '<=', o.nowMs)
    .orderBy('due_at')
    .limit(o.limit)
  return dialect === 'postgres' ? due.forUpdate().skipLocked() : due
}

/**
 * `state = 'submitting'` as the partial index sms_leased (migration 0010) says it, with a
 * literal: with a bound parameter SQLite cannot use the index and scans the table.
 */
const isSubmitting = sql<SqlBool>`"state" = ${sql.lit('submitting')}`

/** Keeps the leases of messages this worker is still submitting alive. */
export async function extendLeases(db: Db, workerId: string, untilMs: number): Promise<number> {
  const r = await leasesOf(db, workerId).set({ lease_expires_at: untilMs }).executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/**
 * Returns messages whose lease ran out (their worker died), or held by `owners` (workers known
 * dead, dead-owners.ts), to the queue. With `all`, every
 * lease, for a single-process store at start-up, where no other worker can hold one. A message
 * its worker journaled as handed to a connector, in this attempt (wire_journal), may have
 * reached the carrier with its answer lost: with `inDoubtMs` it waits that long in doubt, for a
 * receipt that settles it (delivery/in-doubt.ts), before it is sent again. The others never left
 * the gateway and are due at once, as they were.
 */
export async function releaseLeases(
  db: Db,
  o: { nowMs: number; all?: boolean; inDoubtMs?: number; owners?: readonly string[] },
): Promise<number> {
  const inDoubt = o.inDoubtMs ?? 0
  let q = expiredLeases(db, o).set({ state: 'queued', lease_owner: null, lease_expires_at: null })
  if (inDoubt > 0) {
    // Each side of the assignments reads the row as it was, lease_owner included.
    const until = o.nowMs + inDoubt
    const onWire = sql<SqlBool>`("lease_owner", "uuid", "attempts") in (${journaled(db)})`
    q = q.set({
      due_at: sql<number>`case when ${onWire} then ${until} else "due_at" end`,
      in_doubt_until: sql<
        number | null
      >`case when ${onWire} then ${until} else "in_doubt_until" end`,
    })
  }
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Every (worker, uuid, attempt) of the wire journal: a few hundred rows per live dispatcher. */
function journaled(db: Db) {
  return dialectOf(db) === 'postgres'
    ? sql`select w.worker_id, e.entry ->> 0, cast(e.entry ->> 1 as integer)
        from wire_journal w cross join lateral json_array_elements(cast(w.entries as json)) as e(entry)`
    : sql`select w.worker_id, j.value ->> 0, j.value ->> 1 from wire_journal w, json_each(w.entries) j`
}

/** The rows a worker holds; exported, as the next, so a test can read SQLite's plan for them. */
export function leasesOf(db: Db, workerId: string) {
  return db.updateTable('sms').where('lease_owner', '=', workerId).where(isSubmitting)
}

/** Leases run out, or held by `owners` (dead workers, dead-owners.ts), or with `all` every one. */
export function expiredLeases(
  db: Db,
  o: { nowMs: number; all?: boolean; owners?: readonly string[] },
) {
  const q = db.updateTable('sms').where(isSubmitting)
  if (o.all) return q
  const owners = o.owners ?? []
  if (owners.length === 0) return q.where('lease_expires_at', '<', o.nowMs)
  return q.where((eb) =>
    eb.or([eb('lease_expires_at', '<', o.nowMs), eb('lease_owner', 'in', owners)]),
  )
}

/** When the next scheduled message falls due, so an idle dispatcher knows when to look again. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const urgent = await db
    .selectFrom('sms')
    .select((eb) => eb.fn.min('due_at').as('due_at'))
    .where(isUnsent)
    .where('priority', '<', 0)
    .executeTakeFirst()
  let next: number | null =
    urgent?.due_at === null || urgent?.due_at === undefined ? null : Number(urgent.due_at)
  // Per priority, for the same reason as the claim: each is the first entry of its index range.
  for (const priority of PRIORITIES) {
    const r = await db
      .selectFrom('sms')
      .select('due_at')
      .where(isUnsent)
      .where('priority', '=', priority)
      .orderBy('due_at')
      .limit(1)
      .executeTakeFirst()
    if (r !== undefined && (next === null || Number(r.due_at) < next)) next = Number(r.due_at)
  }
  return next
}
