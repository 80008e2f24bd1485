import { sql, type Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// What the dashboard and the operator console read beyond the API's own tables:
// - the latest failures across accounts, newest first, without scanning the whole history:
//   partial indexes over the failed messages and the failed webhook attempts only;
// - the changes the carrier's receipts made to each message, in the order they were applied;
// - the sessions ended by a logout, so that every API process refuses them until they expire.
const FAILED = ['failed', 'rejected', 'expired']

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sms_failed')
    .on('sms')
    .columns(['updated_at', 'uuid'])
    .where(sql.ref('state'), 'in', FAILED)
    .execute()
  await db.schema
    .createIndex('event_attempts_failed')
    .on('event_attempts')
    .column('id')
    .where(sql.ref('ok'), '=', 0)
    .execute()

  await db.schema
    .createTable('sms_receipts')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('sms_uuid', 'text', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('dlr_code', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('sms_receipts_sms')
    .on('sms_receipts')
    .columns(['account_id', 'sms_uuid', 'id'])
    .execute()

  await db.schema
    .createTable('ended_sessions')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('ended_sessions_expires')
    .on('ended_sessions')
    .column('expires_at')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ended_sessions').execute()
  await db.schema.dropTable('sms_receipts').execute()
  await db.schema.dropIndex('event_attempts_failed').execute()
  await db.schema.dropIndex('sms_failed').execute()
}
