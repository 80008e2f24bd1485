import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// The messaggisms.com-compatible API. Its bearer tokens (hashed, with a name, an expiry and
// scopes), each acting with the API key that created it; its messages, whose 24-hex id names
// one text to many recipients; and their recipients, each once per message. A recipient sent is
// an ordinary gateway message (sms row) whose facade_id is the message id and whose phone is
// the recipient's, found through the index sms_account_facade_id (0020). A message in an open
// transaction has recipients and no sms rows: nothing of it is queued until it is closed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messaggi_tokens')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('key_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_hint', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull()) // JSON array
    .addColumn('expires_at', 'bigint') // unix s; null: never
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('messaggi_tokens_account')
    .on('messaggi_tokens')
    .column('account_id')
    .execute()

  await db.schema
    .createTable('messaggi_messages')
    .addColumn('id', 'text', (c) => c.primaryKey()) // 24 hex
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('key_id', 'bigint')
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull()) // hundredths, 100 = 1.00
    .addColumn('is_test', 'integer', (c) => c.notNull())
    .addColumn('transaction_open', 'integer', (c) => c.notNull())
    .addColumn('timestamp_send', 'bigint') // unix s; null: at once
    .addColumn('cancelled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('messaggi_messages_account_created')
    .on('messaggi_messages')
    .columns(['account_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('messaggi_recipients')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull()) // as given
    .addColumn('phone', 'text') // E.164; null: an invalid recipient
    .addColumn('fields', 'text') // JSON object of placeholder values
    .addColumn('problem', 'text') // why it was not sent
    .addColumn('price_micro', 'bigint', (c) => c.notNull()) // quoted, for a test message
    .addPrimaryKeyConstraint('messaggi_recipients_pk', ['message_id', 'position'])
    .execute()
  // A message's recipients by number (GET /messages/{id}/recipients/{number}).
  await db.schema
    .createIndex('messaggi_recipients_phone')
    .on('messaggi_recipients')
    .columns(['message_id', 'phone'])
    .execute()
  // Dispatch order needs no new index: a priority above 1.00 becomes an sms.priority below 0
  // (domain/message/priority.ts), which the claim reads first through sms_due (0001), an index
  // on (priority, due_at).
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('messaggi_recipients').execute()
  await db.schema.dropTable('messaggi_messages').execute()
  await db.schema.dropTable('messaggi_tokens').execute()
}
