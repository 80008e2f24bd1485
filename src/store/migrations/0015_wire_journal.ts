import { sql, type Kysely } from 'kysely'
import { isPostgres } from './dialect.js'

// Frozen: never edit a migration that has shipped; add a new one.
// What a dispatcher may have put on the wire: before it hands messages to a connector it writes
// them here, a batch to a row (`entries`: a JSON array of [uuid, attempt]), and deletes the
// batch once their outcomes are stored. After a crash only messages found here wait in doubt
// (delivery/wire-journal.ts); the others a dead dispatcher held go back to the queue at once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wire_journal')
    .addColumn('worker_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull()) // one per commit of marks: years at 100/s
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull()) // unix ms
    .addPrimaryKeyConstraint('wire_journal_pk', ['worker_id', 'seq'])
    .execute()
  // Messages leased by a version that kept no journal may have been sent: they wait in doubt
  // as before, should that version have died with them.
  const entries = isPostgres(db)
    ? sql`json_agg(json_build_array(uuid, attempts))::text`
    : sql`json_group_array(json_array(uuid, attempts))`
  await sql`
    insert into wire_journal (worker_id, seq, entries, created_at)
    select lease_owner, 0, ${entries}, 0 from sms
    where state = 'submitting' and lease_owner is not null
    group by lease_owner`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('wire_journal').execute()
}
