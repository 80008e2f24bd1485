import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// The seven.io-compatible API. A key's rights there: the endpoints it may call (null: all) and
// the secret its requests are signed with (null: unsigned); the nonces of signed requests seen
// within the signature's time window, so a captured request cannot be sent again; and one row
// per message sent through it, whose id is the numeric message id seven's clients expect
// (sms.facade_id holds it as text) and which keeps the caller's foreign_id for the callbacks.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('endpoints', 'text').execute()
  await db.schema.alterTable('api_keys').addColumn('signing_secret', 'text').execute()

  await db.schema
    .createTable('seven_nonces')
    .addColumn('key_id', 'bigint', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull()) // unix s
    .addPrimaryKeyConstraint('seven_nonces_pk', ['key_id', 'nonce'])
    .execute()
  await db.schema
    .createIndex('seven_nonces_key_expires')
    .on('seven_nonces')
    .columns(['key_id', 'expires_at'])
    .execute()

  await db.schema
    .createTable('seven_messages')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('foreign_id', 'text')
    .addColumn('performance_tracking', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  // Lookups by the numeric id come with the account.
  await db.schema
    .createIndex('sms_account_facade_id')
    .on('sms')
    .columns(['account_id', 'facade_id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sms_account_facade_id').execute()
  await db.schema.dropTable('seven_messages').execute()
  await db.schema.dropTable('seven_nonces').execute()
  await db.schema.alterTable('api_keys').dropColumn('signing_secret').execute()
  await db.schema.alterTable('api_keys').dropColumn('endpoints').execute()
}
