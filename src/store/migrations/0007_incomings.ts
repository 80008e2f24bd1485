import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Inbound SMS: numbers assigned to accounts, received messages, and the parts of concatenated
// messages until the last one arrives (kept in the store, so an acknowledged part survives a
// restart and parts that reach different processes still meet).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbound_numbers')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('number', 'text', (c) => c.notNull().unique()) // E.164
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('endpoint', 'text') // URL or email address for this number's legacy push
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbound_numbers_account')
    .on('inbound_numbers')
    .column('account_id')
    .execute()

  await db.schema
    .createTable('incomings')
    // The integer id of the legacy push (spec G-35); the API uses the uuid.
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint') // null: no account could be found (kept for the operator)
    .addColumn('inbound_number_id', 'bigint')
    .addColumn('connector_id', 'text')
    .addColumn('from_addr', 'text', (c) => c.notNull())
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('msg_uuid', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull()) // unix ms
    .execute()
  await db.schema
    .createIndex('incomings_account_received')
    .on('incomings')
    .columns(['account_id', 'received_at', 'id'])
    .execute()
  await db.schema
    .createIndex('incomings_account_msg')
    .on('incomings')
    .columns(['account_id', 'msg_uuid'])
    .execute()

  await db.schema
    .createTable('mo_concat')
    .addColumn('concat_key', 'text', (c) => c.primaryKey())
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('from_addr', 'text', (c) => c.notNull())
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('received', 'integer', (c) => c.notNull())
    .addColumn('first_at', 'bigint', (c) => c.notNull()) // unix ms
    .execute()
  await db.schema.createIndex('mo_concat_first').on('mo_concat').column('first_at').execute()
  await db.schema
    .createTable('mo_parts')
    .addColumn('concat_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data_coding', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull()) // hex
    .addPrimaryKeyConstraint('mo_parts_pk', ['concat_key', 'seq'])
    .execute()

  // Replies: the latest message sent to a number, found by that number.
  await db.schema
    .createIndex('sms_phone_created')
    .on('sms')
    .columns(['phone', 'created_at'])
    .execute()
}
