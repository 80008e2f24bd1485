import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// Event deliveries are claimed per target (round-robin, under a cap per target): the worker
// walks the targets with pending deliveries and takes each one's oldest due rows. Without an
// index led by target_key, a target with a deep backlog (a slow or dead webhook) made every
// claim read past its backlog, whichever target it was for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('event_deliveries_target_due')
    .on('event_deliveries')
    .columns(['target_key', 'due_at', 'id'])
    .where(sql.ref('state'), '=', 'pending')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('event_deliveries_target_due').execute()
}
