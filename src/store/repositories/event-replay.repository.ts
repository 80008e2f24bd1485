import type { Db } from '../database.js'
import type { EventDeliveryRow } from '../tables/event.table.js'

/**
 * Marks up to `limit` of a webhook's deliveries given up between `sinceMs` and `untilMs` as
 * replayed, oldest first, and returns them in that order. `state = 'failed'` is checked again
 * on the rows themselves: two replays side by side (PostgreSQL re-checks a row it waited for)
 * take each delivery once.
 */
export async function takeFailedDeliveries(
  db: Db,
  o: {
    accountId: number
    webhookId: number
    sinceMs: number
    untilMs: number
    nowMs: number
    limit: number
  },
): Promise<EventDeliveryRow[]> {
  const rows = await db
    .updateTable('event_deliveries')
    .set({ state: 'replayed', updated_at: o.nowMs })
    .where('state', '=', 'failed')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('event_deliveries')
        .select('id')
        .where('webhook_id', '=', o.webhookId)
        .where('account_id', '=', o.accountId)
        .where('state', '=', 'failed')
        .where('updated_at', '>=', o.sinceMs)
        .where('updated_at', '<=', o.untilMs)
        .orderBy('id')
        .limit(o.limit),
    )
    .returningAll()
    .execute()
  return rows.sort((a, b) => Number(a.id) - Number(b.id))
}
