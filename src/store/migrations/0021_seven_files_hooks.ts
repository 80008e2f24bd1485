import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Two things of the seven.io-compatible API. The files a message carries (`files`): each is
// hosted under a random code until its validity ends, optionally behind a password whose wrong
// guesses lock the file for a while. And the account's seven-style webhooks (`/api/hooks`),
// delivered by the event worker as a transport of their own.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('seven_files')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contents', 'text', (c) => c.notNull()) // base64, as the request gave it
    .addColumn('size', 'integer', (c) => c.notNull()) // bytes, decoded
    .addColumn('password_hash', 'text') // null: open to anyone with the link
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint') // unix s; wrong passwords lock the file until then
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('seven_files_expires')
    .on('seven_files')
    .column('expires_at')
    .execute()
  await db.schema
    .createIndex('seven_files_account')
    .on('seven_files')
    .column('account_id')
    .execute()

  await db.schema
    .createTable('seven_hooks')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    // The key that subscribed it: calls are signed with its signing secret, where it has one.
    .addColumn('key_id', 'bigint')
    .addColumn('target_url', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('event_filter', 'text')
    .addColumn('request_method', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull()) // `Name: value` lines, as given
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('seven_hooks_account')
    .on('seven_hooks')
    .column('account_id')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('seven_hooks').execute()
  await db.schema.dropTable('seven_files').execute()
}
