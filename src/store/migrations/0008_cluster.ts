import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// Several processes over one database: which worker processes are alive, and which of them
// holds which session (bind) of each carrier connector.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull()) // unix ms; renewed while it lives
    .execute()

  await db.schema
    .createTable('connector_slots')
    .addColumn('connector_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('expires_at', 'bigint') // unix ms
    .addPrimaryKeyConstraint('connector_slots_pk', ['connector_id', 'slot'])
    .execute()
}
