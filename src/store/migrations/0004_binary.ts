import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// 8-bit binary messages (data_coding 4): `text` then holds the data as hex, `udh` the caller's
// own user data header as hex, if any.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sms')
    .addColumn('is_binary', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('sms').addColumn('udh', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms').dropColumn('udh').execute()
  await db.schema.alterTable('sms').dropColumn('is_binary').execute()
}
