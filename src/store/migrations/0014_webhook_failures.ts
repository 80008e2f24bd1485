import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// What happens after an event's last attempt: each webhook keeps how long and how often it has
// been failing (since its last delivery), when its account was last told, and why it was
// switched off; the failed deliveries of a webhook are found by the time they were given up, to
// replay them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('webhooks')
    .addColumn('failing_since', 'bigint') // unix ms of the first event given up since a delivery
    .execute()
  await db.schema
    .alterTable('webhooks')
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('webhooks').addColumn('notified_at', 'bigint').execute() // unix ms
  await db.schema.alterTable('webhooks').addColumn('disabled_at', 'bigint').execute() // unix s
  await db.schema.alterTable('webhooks').addColumn('disabled_reason', 'text').execute()
  await db.schema.alterTable('webhooks').addColumn('notify_email', 'text').execute()
  await db.schema
    .createIndex('event_deliveries_webhook_failed')
    .on('event_deliveries')
    .columns(['webhook_id', 'updated_at', 'id'])
    .where(sql.ref('state'), '=', 'failed')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('event_deliveries_webhook_failed').execute()
  const columns = ['notify_email', 'disabled_reason', 'disabled_at', 'notified_at', 'failed_count']
  for (const column of [...columns, 'failing_since']) {
    await db.schema.alterTable('webhooks').dropColumn(column).execute()
  }
}
