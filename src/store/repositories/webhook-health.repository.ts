import { sql } from 'kysely'
import type { Db } from '../database.js'
import type { WebhookRow } from '../tables/event.table.js'

export type FailureState = Pick<
  WebhookRow,
  | 'id'
  | 'account_id'
  | 'uri'
  | 'is_active'
  | 'failing_since'
  | 'failed_count'
  | 'notified_at'
  | 'notify_email'
>

/** Counts an event given up for a webhook; its record afterwards, or undefined when it is gone. */
export async function recordGivenUp(
  db: Db,
  webhookId: number,
  nowMs: number,
): Promise<FailureState | undefined> {
  return db
    .updateTable('webhooks')
    .set({
      failing_since: sql<number>`coalesce(failing_since, ${nowMs})`,
      failed_count: sql<number>`failed_count + 1`,
    })
    .where('id', '=', webhookId)
    .returning([
      'id',
      'account_id',
      'uri',
      'is_active',
      'failing_since',
      'failed_count',
      'notified_at',
      'notify_email',
    ])
    .executeTakeFirst()
}

/** A delivery succeeded: the webhook is no longer failing. */
export async function clearFailing(db: Db, webhookIds: number[]): Promise<void> {
  if (webhookIds.length === 0) return
  await db
    .updateTable('webhooks')
    .set({ failing_since: null, failed_count: 0, notified_at: null })
    .where('id', 'in', webhookIds)
    .where('failing_since', 'is not', null)
    .execute()
}

/**
 * Takes the right to send a "failing" notice: false when another worker sent one within the
 * period, so that processes side by side send one between them.
 */
export async function claimNotice(
  db: Db,
  webhookId: number,
  nowMs: number,
  everyMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('webhooks')
    .set({ notified_at: nowMs })
    .where('id', '=', webhookId)
    .where((eb) => eb.or([eb('notified_at', 'is', null), eb('notified_at', '<=', nowMs - everyMs)]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Switches a failing webhook off; false when it was already off (or gone). */
export async function disableFailingWebhook(
  db: Db,
  webhookId: number,
  nowMs: number,
): Promise<boolean> {
  const r = await db
    .updateTable('webhooks')
    .set({
      is_active: 0,
      disabled_at: Math.floor(nowMs / 1000),
      disabled_reason: 'failing',
      notified_at: nowMs,
      updated_at: Math.floor(nowMs / 1000),
    })
    .where('id', '=', webhookId)
    .where('is_active', '=', 1)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** The account's webhooks that are email addresses: where notices go when a webhook names none. */
export async function emailWebhookUris(db: Db, accountId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhooks')
    .select('uri')
    .where('account_id', '=', accountId)
    .where('is_active', '=', 1)
    .where('uri', 'not like', '%://%')
    .where('uri', 'like', '%@%')
    .orderBy('id')
    .execute()
  return rows.map((r) => r.uri)
}
