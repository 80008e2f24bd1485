import type { Kysely } from 'kysely'
import { autoIdKey, autoIdType } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connectors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('routes')
    .addColumn('id', autoIdType(db), autoIdKey(db))
    .addColumn('account_id', 'bigint')
    .addColumn('prefix', 'text')
    .addColumn('iso2', 'text')
    .addColumn('service_code', 'text')
    .addColumn('connector_ids', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  // One row per submitted part: how a carrier's receipt finds its message, on any node.
  await db.schema
    .createTable('sms_parts')
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('carrier_id', 'text', (c) => c.notNull())
    .addColumn('sms_uuid', 'text', (c) => c.notNull())
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('receipt_state', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_parts_pk', ['connector_id', 'carrier_id'])
    .execute()
  await db.schema.createIndex('sms_parts_sms').on('sms_parts').column('sms_uuid').execute()

  // Receipts that arrived before their submit response was recorded, or for unknown ids.
  await db.schema
    .createTable('pending_receipts')
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('carrier_id', 'text', (c) => c.notNull())
    .addColumn('receipt_state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pending_receipts_pk', ['connector_id', 'carrier_id'])
    .execute()

  await db.schema.alterTable('sms').addColumn('valid_until', 'bigint').execute()
  await db.schema.alterTable('sms').addColumn('route_id', 'integer').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms').dropColumn('route_id').execute()
  await db.schema.alterTable('sms').dropColumn('valid_until').execute()
  for (const t of ['pending_receipts', 'sms_parts', 'routes', 'connectors']) {
    await db.schema.dropTable(t).execute()
  }
}
