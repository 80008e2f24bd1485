import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// The delivery-report URL and mask a message sent through the Kannel HTTP SMSC emulation asked
// for (mode B, spec §19.3), and the recipient as Kannel gave it (Kannel finds its message by it).
// A table of its own: only Kannel messages with a dlr-url have a row. And the Kannel receive
// URL an inbound number forwards its messages to (`smsc = http`, system-type kannel).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kannel_dlr_urls')
    .addColumn('sms_uuid', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('mask', 'integer', (c) => c.notNull())
    .addColumn('receiver', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('kannel_dlr_urls_created')
    .on('kannel_dlr_urls')
    .column('created_at')
    .execute()
  await db.schema.alterTable('inbound_numbers').addColumn('kannel_mo_url', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbound_numbers').dropColumn('kannel_mo_url').execute()
  await db.schema.dropTable('kannel_dlr_urls').execute()
}
