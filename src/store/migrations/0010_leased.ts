import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// Every 10 s each dispatcher renews its leases (by lease_owner) and releases expired ones (by
// lease_expires_at). Both scanned the whole sms table: 100+ ms a time with a million rows, on
// the event loop. Only messages being submitted are in this index, a few thousand at most.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sms_leased')
    .on('sms')
    .columns(['lease_owner', 'lease_expires_at'])
    .where(sql.ref('state'), '=', 'submitting')
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sms_leased').execute()
}
