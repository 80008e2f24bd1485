import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// A bulk's tracking of the web addresses in its text (null off, 1 simple, 2 extended), read when
// its recipients' messages are made.
// The hosted subscribe and unsubscribe forms of short-link campaigns: one row per code sent to a
// phone, holding the code only hashed. Rows also count what a phone and an address asked for,
// which the forms' rate limits read (hence the two indexes).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bulks').addColumn('link_tracking', 'integer').execute()
  await db.schema
    .createTable('link_form_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey()) // random, carried by the code form
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('campaign_code', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull()) // subscribe | unsubscribe
    .addColumn('phone', 'text', (c) => c.notNull()) // E.164
    .addColumn('code_hash', 'text', (c) => c.notNull()) // salt:sha256
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', 'bigint') // unix s: too many wrong codes
    .addColumn('unsubscribe_reason', 'integer')
    .addColumn('ip', 'text')
    .addColumn('sms_uuid', 'text') // the SMS that carried the code
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('link_form_attempts_phone')
    .on('link_form_attempts')
    .columns(['phone', 'created_at'])
    .execute()
  await db.schema
    .createIndex('link_form_attempts_ip')
    .on('link_form_attempts')
    .columns(['ip', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('link_form_attempts').execute()
  await db.schema.alterTable('bulks').dropColumn('link_tracking').execute()
}
