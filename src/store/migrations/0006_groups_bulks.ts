import { sql, type Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Groups (distribution lists), their phones, and bulks (one text to many recipients).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('name_a', 'text')
    .addColumn('name_b', 'text')
    .addColumn('name_c', 'text')
    .addColumn('name_d', 'text')
    .addColumn('name_e', 'text')
    .addColumn('count_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', 'bigint') // unix s: the group is deleted when it is reached
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('groups_account').on('groups').columns(['account_id', 'id']).execute()

  await db.schema
    .createTable('phones')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull())
    // E.164 when the number could be normalised, else as given (≤ 30 characters, spec G-37).
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('iso2', 'text')
    .addColumn('a', 'text')
    .addColumn('b', 'text')
    .addColumn('c', 'text')
    .addColumn('d', 'text')
    .addColumn('e', 'text')
    .addColumn('callback_data', 'text')
    .addColumn('subscribed_at', 'bigint')
    .addColumn('unsubscribed_at', 'bigint')
    .addColumn('unsubscribe_reason', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  // Pages of a group in id order (listing, export, bulk expansion) and opt-outs by number.
  await db.schema.createIndex('phones_group').on('phones').columns(['group_id', 'id']).execute()
  await db.schema
    .createIndex('phones_account_phone')
    .on('phones')
    .columns(['account_id', 'phone'])
    .execute()

  await db.schema
    .createTable('bulks')
    .addColumn('uuid', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('key_id', 'bigint')
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull()) // JSON array of E.164 numbers
    .addColumn('msg_groups', 'text', (c) => c.notNull()) // JSON array of group ids
    .addColumn('delivery_at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('msg_total_count', 'integer', (c) => c.notNull())
    .addColumn('msg_total_cost_micro', 'bigint', (c) => c.notNull())
    // Reserved from the balance and not yet carried by an SMS row: settled when expansion ends.
    .addColumn('reserved_micro', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('is_unicode', 'integer') // null: detected per message
    .addColumn('is_dryrun', 'integer', (c) => c.notNull())
    .addColumn('service_code', 'text', (c) => c.notNull())
    .addColumn('source', 'integer')
    .addColumn('voice_lang', 'text')
    .addColumn('is_text_deleted', 'integer', (c) => c.notNull())
    // Expansion progress: where the next chunk starts (source index, phone id), for resuming.
    .addColumn('cursor_source', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('bulks_account_created')
    .on('bulks')
    .columns(['account_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('bulks_to_expand')
    .on('bulks')
    .column('created_at')
    .where(sql.ref('status_code'), 'in', [0, 5])
    .execute()
  // One SMS per number in a bulk: the expansion inserts with ON CONFLICT DO NOTHING, so
  // duplicates across phones and groups are dropped without holding the numbers in memory.
  await db.schema
    .createIndex('sms_bulk_phone')
    .on('sms')
    .columns(['bulk_id', 'phone'])
    .unique()
    .where(sql.ref('bulk_id'), 'is not', null)
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sms_bulk_phone').execute()
  await db.schema.dropTable('bulks').execute()
  await db.schema.dropTable('phones').execute()
  await db.schema.dropTable('groups').execute()
}
