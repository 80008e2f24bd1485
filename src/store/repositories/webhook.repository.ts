import type { Db } from '../database.js'
import type { WebhookRow } from '../tables/event.table.js'

export type NewWebhook = {
  account_id: number
  uri: string
  events: string
  secret: string
  is_active: number
  notify_email?: string | null
  created_at: number
  updated_at: number
}

export async function insertWebhook(db: Db, w: NewWebhook): Promise<WebhookRow> {
  return db.insertInto('webhooks').values(w).returningAll().executeTakeFirstOrThrow()
}

export async function countWebhooks(db: Db, accountId: number): Promise<number> {
  const r = await db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** An account has at most a handful of webhooks (spec §16.1: five): no paging needed. */
export async function listWebhooks(db: Db, accountId: number): Promise<WebhookRow[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
}

export async function findWebhook(
  db: Db,
  accountId: number,
  id: number,
): Promise<WebhookRow | undefined> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function updateWebhook(
  db: Db,
  accountId: number,
  id: number,
  patch: Partial<Pick<NewWebhook, 'uri' | 'events' | 'secret' | 'is_active' | 'notify_email'>> &
    Partial<
      Pick<
        WebhookRow,
        'failing_since' | 'failed_count' | 'notified_at' | 'disabled_at' | 'disabled_reason'
      >
    > & {
      updated_at: number
    },
): Promise<WebhookRow | undefined> {
  return db
    .updateTable('webhooks')
    .set(patch)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function deleteWebhook(db: Db, accountId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('webhooks')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Where an account's events go: its active webhooks and its legacy push endpoint. */
export async function notificationTargets(
  db: Db,
  accountId: number,
): Promise<{ webhooks: Pick<WebhookRow, 'id' | 'uri' | 'events'>[]; pushUrl: string | null }> {
  const [webhooks, account] = await Promise.all([
    db
      .selectFrom('webhooks')
      .select(['id', 'uri', 'events'])
      .where('account_id', '=', accountId)
      .where('is_active', '=', 1)
      .orderBy('id')
      .execute(),
    db.selectFrom('accounts').select('push_url').where('id', '=', accountId).executeTakeFirst(),
  ])
  return { webhooks, pushUrl: account?.push_url ?? null }
}

/** Secrets and state of the webhooks a batch of deliveries goes to. */
export async function webhooksById(
  db: Db,
  ids: number[],
): Promise<Map<number, Pick<WebhookRow, 'id' | 'secret' | 'is_active' | 'failing_since'>>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('webhooks')
    .select(['id', 'secret', 'is_active', 'failing_since'])
    .where('id', 'in', ids)
    .execute()
  return new Map(rows.map((r) => [Number(r.id), r]))
}
