import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// The sender ids an account stores for front doors that cannot name one themselves: the
// email-to-SMS address picks one by its slot, 1..6 (spec §20.2 sender_id).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sender_ids')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull()) // 1..6
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sender_ids_pkey', ['account_id', 'slot'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sender_ids').execute()
}
