import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// Messages a dead worker may have handed to a carrier wait in doubt until `in_doubt_until`
// (unix ms) for a receipt that settles them (domain/dlr/in-doubt.ts). Few rows ever have it
// set, so the index on the handset holds only those and stays small. A receipt no part owns
// keeps the handset and text it repeats, for a message put in doubt after it arrived.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms').addColumn('in_doubt_until', 'bigint').execute()
  await db.schema
    .createIndex('sms_in_doubt')
    .on('sms')
    .column('phone')
    .where(sql.ref('in_doubt_until'), 'is not', null)
    .execute()
  await db.schema.alterTable('pending_receipts').addColumn('handset', 'text').execute()
  await db.schema.alterTable('pending_receipts').addColumn('text', 'text').execute()
  await db.schema
    .createIndex('pending_receipts_handset')
    .on('pending_receipts')
    .column('handset')
    .where(sql.ref('handset'), 'is not', null)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('pending_receipts_handset').execute()
  await db.schema.alterTable('pending_receipts').dropColumn('text').execute()
  await db.schema.alterTable('pending_receipts').dropColumn('handset').execute()
  await db.schema.dropIndex('sms_in_doubt').execute()
  await db.schema.alterTable('sms').dropColumn('in_doubt_until').execute()
}
