import type { Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new one.
// An account's default voice language (DE, EN, FR, IT, ES): a text2speech message sent without
// voice_lang is read in it; null means the language follows the destination's prefix (spec §14.1).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('voice_lang', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('voice_lang').execute()
}
