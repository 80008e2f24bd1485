import type { Db } from '../database.js'
import { UNSENT_STATES } from '../../domain/message/status.js'

/** Messages waiting: due now, and scheduled for later. */
export async function queueDepth(db: Db, nowMs: number): Promise<{ due: number; scheduled: number }> {
  const rows = await db
    .selectFrom('sms')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('due_at', '<=', nowMs).as('due'),
      eb.fn.countAll<number>().filterWhere('due_at', '>', nowMs).as('scheduled'),
    ])
    .where('state', 'in', UNSENT_STATES)
    .executeTakeFirstOrThrow()
  return { due: Number(rows.due), scheduled: Number(rows.scheduled) }
}
