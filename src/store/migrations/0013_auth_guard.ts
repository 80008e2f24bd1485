import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// Failed authentications and the blocks they cause, shared by every process on the database.
// `kind` says what is counted: 'ip' (customer API, per address), 'admin-ip' (operator API, per
// address) or 'account' (per claimed user id, from any address).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('auth_failures')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull()) // unix ms
    .execute()
  await db.schema
    .createIndex('auth_failures_subject')
    .on('auth_failures')
    .columns(['kind', 'subject', 'at'])
    .execute()
  await db.schema.createIndex('auth_failures_at').on('auth_failures').column('at').execute()

  await db.schema
    .createTable('auth_blocks')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'bigint', (c) => c.notNull()) // unix ms
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('auth_blocks_pk', ['kind', 'subject'])
    .execute()

  // Addresses an account's keys authenticated from: they pass an account lockout.
  await db.schema
    .createTable('auth_known_addresses')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull()) // unix ms
    .addPrimaryKeyConstraint('auth_known_addresses_pk', ['account_id', 'ip'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('auth_known_addresses').execute()
  await db.schema.dropTable('auth_blocks').execute()
  await db.schema.dropTable('auth_failures').execute()
}
