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
