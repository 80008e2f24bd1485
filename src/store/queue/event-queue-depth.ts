import type { Db } from '../database.js'

/**
 * Event deliveries not done: pending and due, pending for later (a retry, or behind an earlier
 * event of the same subject), and leased to a worker. Counts over the partial indexes of the
 * pending and delivering rows, not over the delivered history.
 */
export async function eventQueueDepth(
  db: Db,
  nowMs: number,
): Promise<{ due: number; waiting: number; delivering: number }> {
  const r = await db
    .selectFrom('event_deliveries')
    .select((eb) => [
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('state', '=', 'pending'), w('due_at', '<=', nowMs)]))
        .as('due'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) => w.and([w('state', '=', 'pending'), w('due_at', '>', nowMs)]))
        .as('waiting'),
      eb.fn.countAll<number>().filterWhere('state', '=', 'delivering').as('delivering'),
    ])
    .where('state', 'in', ['pending', 'delivering'])
    .executeTakeFirstOrThrow()
  return { due: Number(r.due), waiting: Number(r.waiting), delivering: Number(r.delivering) }
}
