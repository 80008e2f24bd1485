import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// How many parts the message has, on each part: a receipt for a single-part message (the common
// case) settles it without reading the other parts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sms_parts')
    .addColumn('parts_total', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms_parts').dropColumn('parts_total').execute()
}
