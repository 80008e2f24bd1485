import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// Fraud checks (spec §13): one row per check, its input, its result once scored, and the lease
// of the worker scoring it. The queue is the pending rows in (priority, uuid) order: `direct`
// checks have priority 0 and are claimed first; uuids are v7, so within a priority the oldest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fraud_checks')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull()) // economy | pro | direct
    .addColumn('priority', 'integer', (c) => c.notNull()) // lower is sooner
    .addColumn('status_code', 'integer', (c) => c.notNull()) // 0 pending, 100 done, 5000 failed
    .addColumn('risk_score', 'integer') // null until scored
    .addColumn('callback_data', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('ip', 'text')
    .addColumn('address', 'text') // JSON object, as given
    .addColumn('result', 'text') // JSON: the sub-results and reasons, once scored
    .addColumn('price_micro', 'bigint', (c) => c.notNull()) // reserved when accepted
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint') // unix ms
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .addColumn('updated_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('fraud_checks_account_created')
    .on('fraud_checks')
    .columns(['account_id', 'created_at', 'uuid'])
    .execute()
  await db.schema
    .createIndex('fraud_checks_queue')
    .on('fraud_checks')
    .columns(['status_code', 'priority', 'uuid'])
    .execute()
}
