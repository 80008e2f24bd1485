import type { Db, Dialect } from '../database.js'
import type { SmsRow } from '../tables/sms.table.js'
import { UNSENT_STATES } from '../../domain/message/status.js'

export type ClaimOptions = { workerId: string; limit: number; leaseMs: number; nowMs: number }

/**
 * Claims up to `limit` due messages, most urgent first, under a lease: one UPDATE … WHERE uuid
 * IN (subquery) RETURNING, so a cancel that lands first wins and one that lands later finds the
 * row no longer unsent. SQLite has a single writer, so the subquery cannot race; PostgreSQL adds
 * FOR UPDATE SKIP LOCKED so parallel workers take disjoint rows instead of waiting on each other.
 */
export async function claimDueMessages(db: Db, dialect: Dialect, o: ClaimOptions): Promise<SmsRow[]> {
  const rows = await db
    .updateTable('sms')
    .set((eb) => ({
      state: 'submitting',
      lease_owner: o.workerId,
      lease_expires_at: o.nowMs + o.leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: Math.floor(o.nowMs / 1000),
    }))
    .where('uuid', 'in', (eb) => {
      const due = eb
        .selectFrom('sms')
        .select('uuid')
        // Must match the partial index sms_due (state in ('queued','scheduled')).
        .where('state', 'in', UNSENT_STATES)
        .where('due_at', '<=', o.nowMs)
        .orderBy('priority')
        .orderBy('due_at')
        .limit(o.limit)
      return dialect === 'postgres' ? due.forUpdate().skipLocked() : due
    })
    .returningAll()
    .execute()
  return rows.sort((a, b) => a.priority - b.priority || Number(a.due_at) - Number(b.due_at))
}

/** Keeps the leases of messages this worker is still submitting alive. */
export async function extendLeases(db: Db, workerId: string, untilMs: number): Promise<number> {
  const r = await db
    .updateTable('sms')
    .set({ lease_expires_at: untilMs })
    .where('lease_owner', '=', workerId)
    .where('state', '=', 'submitting')
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/**
 * Returns messages whose lease ran out (their worker died) to the queue. With `all`, every
 * lease, for a single-process store at start-up, where no other worker can hold one.
 */
export async function releaseLeases(db: Db, o: { nowMs: number; all?: boolean }): Promise<number> {
  let q = db
    .updateTable('sms')
    .set({ state: 'queued', lease_owner: null, lease_expires_at: null })
    .where('state', '=', 'submitting')
  if (!o.all) q = q.where('lease_expires_at', '<', o.nowMs)
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** When the next scheduled message falls due, so an idle dispatcher knows when to look again. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const r = await db
    .selectFrom('sms')
    .select('due_at')
    .where('state', 'in', UNSENT_STATES)
    .orderBy('priority')
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst()
  return r === undefined ? null : Number(r.due_at)
}
