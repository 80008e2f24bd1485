import { sql, type Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('billing_mode', 'text', (c) => c.notNull())
    .addColumn('balance_micro', 'bigint', (c) => c.notNull())
    .addColumn('credit_limit_micro', 'bigint', (c) => c.notNull())
    .addColumn('is_text_deleted', 'integer', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('balance_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('api_keys')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_hint', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull())
    .addColumn('ip_allowlist', 'text')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('api_keys_account').on('api_keys').column('account_id').execute()

  await db.schema
    .createTable('prices')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('iso2', 'text', (c) => c.notNull())
    .addColumn('price_micro', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('prices_pk', ['account_id', 'service_code', 'iso2'])
    .execute()

  await db.schema
    .createTable('sms')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('key_id', 'integer')
    .addColumn('bulk_id', 'text')
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('iso2', 'text')
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('is_unicode', 'integer', (c) => c.notNull())
    .addColumn('chars_count', 'integer', (c) => c.notNull())
    .addColumn('parts_count', 'integer', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('voice_lang', 'text')
    .addColumn('callback_data', 'text')
    .addColumn('source', 'bigint')
    .addColumn('delivery_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('is_text_deleted', 'integer', (c) => c.notNull())
    .addColumn('price_micro', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('dlr_code', 'integer', (c) => c.notNull())
    .addColumn('is_sent', 'integer', (c) => c.notNull())
    .addColumn('gateway_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('connector_id', 'text')
    .addColumn('carrier_message_id', 'text')
    .addColumn('status_detail', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // Every list is scoped by account and ordered by created_at by default.
  await db.schema
    .createIndex('sms_account_created')
    .on('sms')
    .columns(['account_id', 'created_at', 'uuid'])
    .execute()
  // The dispatcher's claim scans only unsent rows, in priority and due order.
  await db.schema
    .createIndex('sms_due')
    .on('sms')
    .columns(['priority', 'due_at'])
    .where(sql.ref('state'), 'in', ['queued', 'scheduled'])
    .execute()
  await db.schema
    .createIndex('sms_account_callback')
    .on('sms')
    .columns(['account_id', 'callback_data'])
    .execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('idem_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['account_id', 'idem_key'])
    .execute()
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['idempotency_keys', 'sms', 'prices', 'api_keys', 'accounts']) {
    await db.schema.dropTable(t).execute()
  }
}
