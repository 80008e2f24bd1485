import { sql, type Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Event notifications: webhook settings, the outbox (one row per event and target, written in the
// transaction of the change that causes it) and every delivery attempt.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull()) // JSON array; [] = every event
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('webhooks_account').on('webhooks').column('account_id').execute()

  // The legacy push endpoint (URL or email) of all push services (spec §17).
  await db.schema.alterTable('accounts').addColumn('push_url', 'text').execute()

  await db.schema
    .createTable('event_deliveries')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // What the event is about (an SMS uuid): events of one subject reach a target in order.
    .addColumn('subject', 'text')
    .addColumn('target_key', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'bigint')
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('attempt_total', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('event_deliveries_due')
    .on('event_deliveries')
    .columns(['due_at', 'id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute()
  await db.schema
    .createIndex('event_deliveries_order')
    .on('event_deliveries')
    .columns(['target_key', 'subject', 'id'])
    .where(sql.ref('state'), 'in', ['pending', 'delivering'])
    .execute()
  await db.schema
    .createIndex('event_deliveries_webhook_event')
    .on('event_deliveries')
    .columns(['webhook_id', 'event_id'])
    .execute()

  await db.schema
    .createTable('event_attempts')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('delivery_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('webhook_id', 'bigint')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('attempt_number', 'integer', (c) => c.notNull())
    .addColumn('attempt_total', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'bigint', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('event_attempts_webhook')
    .on('event_attempts')
    .columns(['webhook_id', 'id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event_attempts').execute()
  await db.schema.dropTable('event_deliveries').execute()
  await db.schema.alterTable('accounts').dropColumn('push_url').execute()
  await db.schema.dropTable('webhooks').execute()
}
