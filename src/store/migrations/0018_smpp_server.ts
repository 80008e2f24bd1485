import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// What the SMPP server owes its ESMEs, kept until a receiver bind of the account has taken it:
// receipts asked for with registered_delivery (the message row says what they report), and
// inbound SMS of accounts with SMPP keys (the incoming row holds the message).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('smpp_receipts')
    .addColumn('sms_uuid', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('mode', 'integer', (c) => c.notNull()) // 1: every final state, 2: failures only
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .addColumn('sent_at', 'bigint') // unix s the ESME answered the deliver_sm
    .execute()
  await db.schema
    .createIndex('smpp_receipts_unsent')
    .on('smpp_receipts')
    .columns(['account_id', 'sent_at', 'created_at'])
    .execute()
  await db.schema
    .createTable('smpp_mo')
    .addColumn('incoming_uuid', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix s
    .addColumn('sent_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('smpp_mo_unsent')
    .on('smpp_mo')
    .columns(['account_id', 'sent_at', 'created_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('smpp_mo').execute()
  await db.schema.dropTable('smpp_receipts').execute()
}
