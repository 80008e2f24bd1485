import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// The Pushwoosh-compatible SMS API. An application belongs to an account; its `code` is what
// Pushwoosh's clients send as `application`, and its auth token is an API key of type pushwoosh
// (key_id), stored hashed as every key. Presets are the application's SMS templates; devices are
// the phone numbers registered to it (hwid = the number, E.164); one row per message sent
// through it, whose code is the message code Pushwoosh's clients expect (sms.facade_id holds it).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pushwoosh_applications')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'bigint', (c) => c.notNull())
    .addColumn('sender', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('pushwoosh_applications_account')
    .on('pushwoosh_applications')
    .column('account_id')
    .execute()

  await db.schema
    .createTable('pushwoosh_presets')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('application_id', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('pushwoosh_presets_application')
    .on('pushwoosh_presets')
    .column('application_id')
    .execute()

  await db.schema
    .createTable('pushwoosh_devices')
    .addColumn('application_id', 'bigint', (c) => c.notNull())
    .addColumn('hwid', 'text', (c) => c.notNull()) // E.164
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .addPrimaryKeyConstraint('pushwoosh_devices_pkey', ['application_id', 'hwid'])
    .execute()

  await db.schema
    .createTable('pushwoosh_messages')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('application_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  // totalsByIntervals reads an application's messages by time.
  await db.schema
    .createIndex('pushwoosh_messages_application_created')
    .on('pushwoosh_messages')
    .columns(['application_id', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pushwoosh_messages').execute()
  await db.schema.dropTable('pushwoosh_devices').execute()
  await db.schema.dropTable('pushwoosh_presets').execute()
  await db.schema.dropTable('pushwoosh_applications').execute()
}
