import { sql, type SqlBool } from 'kysely'
import type { Db } from '../database.js'
import { isUnsent } from './claim.js'

/** Messages waiting: due now, and scheduled for later. */
export async function queueDepth(
  db: Db,
  nowMs: number,
): Promise<{ due: number; scheduled: number }> {
  const rows = await db
    .selectFrom('sms')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('due_at', '<=', nowMs).as('due'),
      eb.fn.countAll<number>().filterWhere('due_at', '>', nowMs).as('scheduled'),
    ])
    .where(isUnsent)
    .executeTakeFirstOrThrow()
  return { due: Number(rows.due), scheduled: Number(rows.scheduled) }
}

export type StateDepth = { due: number; later: number }
export type QueueDepthByState = Record<'scheduled' | 'queued' | 'submitting', StateDepth>

/** As the partial index sms_leased (migration 0010) says it, so that the count uses it. */
const isLeased = sql<SqlBool>`"state" = ${sql.lit('submitting')}`

/**
 * Messages not yet with a carrier, per state: `due` (due_at passed, so claimable now; for
 * `submitting`, a lease that has run out and waits to be taken back) and `later`. Counts over the
 * partial indexes of the unsent and the leased rows, not over the history.
 */
export async function queueDepthByState(db: Db, nowMs: number): Promise<QueueDepthByState> {
  const [unsent, leased] = await Promise.all([
    db
      .selectFrom('sms')
      .select((eb) => [
        'state',
        eb.fn.countAll<number>().filterWhere('due_at', '<=', nowMs).as('due'),
        eb.fn.countAll<number>().filterWhere('due_at', '>', nowMs).as('later'),
      ])
      .where(isUnsent)
      .groupBy('state')
      .execute(),
    db
      .selectFrom('sms')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('lease_expires_at', '<=', nowMs).as('due'),
        eb.fn.countAll<number>().filterWhere('lease_expires_at', '>', nowMs).as('later'),
      ])
      .where(isLeased)
      .executeTakeFirstOrThrow(),
  ])
  const depth: QueueDepthByState = {
    scheduled: { due: 0, later: 0 },
    queued: { due: 0, later: 0 },
    submitting: { due: Number(leased.due), later: Number(leased.later) },
  }
  for (const r of unsent) {
    if (r.state === 'scheduled' || r.state === 'queued') {
      depth[r.state] = { due: Number(r.due), later: Number(r.later) }
    }
  }
  return depth
}
