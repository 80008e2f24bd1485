import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Numeric sender ids an account registered, and whether it proved it holds them (a code sent by
// SMS) or the operator vouched for it: only a verified sender attracts replies. The code log
// outlives the numbers, so deleting and registering again does not reset the sending limits.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sender_numbers')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull()) // E.164
    .addColumn('verified_at', 'bigint') // unix s; null while pending
    .addColumn('verified_by', 'text') // 'code' | 'operator'
    .addColumn('code_hash', 'text') // salt:sha256, of the code still open
    .addColumn('code_expires_at', 'bigint') // unix ms
    .addColumn('attempts_left', 'integer', (c) => c.notNull())
    .addColumn('code_sent_at', 'bigint') // unix s
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sender_numbers_account_number', ['account_id', 'number'])
    .execute()
  // Reply attribution looks numbers up across accounts.
  await db.schema
    .createIndex('sender_numbers_number')
    .on('sender_numbers')
    .column('number')
    .execute()

  await db.schema
    .createTable('sender_code_sends')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull()) // unix s
    .execute()
  await db.schema
    .createIndex('sender_code_sends_account')
    .on('sender_code_sends')
    .columns(['account_id', 'sent_at'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sender_code_sends').execute()
  await db.schema.dropTable('sender_numbers').execute()
}
