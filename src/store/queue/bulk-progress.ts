import type { Db } from '../database.js'
import { BULK_STATUS } from '../../domain/message/status.js'

/**
 * Bulks not fully made yet: new ones (waiting for their expansion or their time) and those being
 * expanded, with the messages made so far. Reads the few rows of the `bulks_to_expand` index.
 */
export async function bulkProgress(
  db: Db,
): Promise<{ new: number; expanding: number; made: number }> {
  const r = await db
    .selectFrom('bulks')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('status_code', '=', BULK_STATUS.NEW).as('new'),
      eb.fn
        .countAll<number>()
        .filterWhere('status_code', '=', BULK_STATUS.PROCESSING)
        .as('expanding'),
      eb.fn
        .sum<number>('msg_total_count')
        .filterWhere('status_code', '=', BULK_STATUS.PROCESSING)
        .as('made'),
    ])
    .where('status_code', 'in', [BULK_STATUS.NEW, BULK_STATUS.PROCESSING])
    .executeTakeFirstOrThrow()
  return { new: Number(r.new), expanding: Number(r.expanding), made: Number(r.made ?? 0) }
}
