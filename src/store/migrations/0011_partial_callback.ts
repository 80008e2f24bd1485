import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// Messages are found by callback_data only with an exact value (`=` or `in`), which never
// matches null. Most messages carry none, and each paid for an index entry on insert: the index
// now holds only those that do. The planner still picks it, as `callback_data = ?` implies
// `callback_data is not null` (both dialects).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sms_account_callback').execute()
  await db.schema
    .createIndex('sms_account_callback')
    .on('sms')
    .columns(['account_id', 'callback_data'])
    .where(sql.ref('callback_data'), 'is not', null)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sms_account_callback').execute()
  await db.schema
    .createIndex('sms_account_callback')
    .on('sms')
    .columns(['account_id', 'callback_data'])
    .execute()
}
