import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// What the SMPP server owes its ESMEs is taken under a lease, so that several SMPP processes
// never send the same receipt or inbound SMS twice while each is alive; one that dies leaves its
// lease to run out. `check_at` (unix ms) is when a row may next be looked at: the end of a lease,
// or, for a receipt whose message waits long for its carrier's report, a later look (a backlog of
// such receipts is not read again on every poll).
const TABLES = ['smpp_receipts', 'smpp_mo'] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('check_at', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.alterTable(table).addColumn('lease_owner', 'text').execute()
    await db.schema.dropIndex(`${table}_unsent`).execute()
    await db.schema
      .createIndex(`${table}_due`)
      .on(table)
      .columns(['account_id', 'check_at'])
      .where(sql.ref('sent_at'), 'is', null)
      .execute()
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.dropIndex(`${table}_due`).execute()
    await db.schema
      .createIndex(`${table}_unsent`)
      .on(table)
      .columns(['account_id', 'sent_at', 'created_at'])
      .execute()
    await db.schema.alterTable(table).dropColumn('lease_owner').execute()
    await db.schema.alterTable(table).dropColumn('check_at').execute()
  }
}
