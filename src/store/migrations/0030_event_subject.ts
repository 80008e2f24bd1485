import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// The webhook attempts of one message (GET /sms/{uuid}/attempts): every delivery keeps the SMS
// its event is about in sms_uuid. `subject` cannot serve: it is the ordering key, and a replay of
// failed deliveries orders them per webhook (`replay:<id>`), so a replayed event would drop out
// of its message's history. Deliveries are found by (account, message) in one index seek, their
// attempts by delivery id in another; event_attempts had no index led by delivery_id.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('event_deliveries').addColumn('sms_uuid', 'text').execute()
  // Deliveries stored before: their subject is the SMS uuid, except a replay's.
  await sql`update event_deliveries set sms_uuid = subject
    where subject is not null and name like 'sms.%' and subject not like 'replay:%'`.execute(db)
  await db.schema
    .createIndex('event_deliveries_sms')
    .on('event_deliveries')
    .columns(['account_id', 'sms_uuid', 'id'])
    .where(sql.ref('sms_uuid'), 'is not', null)
    .execute()
  await db.schema
    .createIndex('event_attempts_delivery')
    .on('event_attempts')
    .columns(['delivery_id', 'id'])
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('event_attempts_delivery').execute()
  await db.schema.dropIndex('event_deliveries_sms').execute()
  await db.schema.alterTable('event_deliveries').dropColumn('sms_uuid').execute()
}
