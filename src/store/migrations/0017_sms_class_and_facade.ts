import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// What the front doors beside the LOX24 API give a message: its class (a flash SMS is class 0),
// and the id and label the door shows for it (seven.io's label, a facade's own message id).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms').addColumn('message_class', 'integer').execute()
  await db.schema.alterTable('sms').addColumn('facade_id', 'text').execute()
  await db.schema.alterTable('sms').addColumn('label', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms').dropColumn('label').execute()
  await db.schema.alterTable('sms').dropColumn('facade_id').execute()
  await db.schema.alterTable('sms').dropColumn('message_class').execute()
}
