import {
  Migrator,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely'
import * as m0001 from './0001_core.js'
import * as m0002 from './0002_delivery.js'
import * as m0003 from './0003_parts_total.js'
import * as m0004 from './0004_binary.js'
import * as m0005 from './0005_events.js'
import * as m0006 from './0006_groups_bulks.js'
import * as m0007 from './0007_incomings.js'
import * as m0008 from './0008_cluster.js'
import * as m0009 from './0009_in_doubt.js'
import * as m0010 from './0010_leased.js'
import * as m0011 from './0011_partial_callback.js'
import * as m0012 from './0012_sender_numbers.js'
import * as m0013 from './0013_auth_guard.js'
import * as m0014 from './0014_webhook_failures.js'
import * as m0015 from './0015_wire_journal.js'
import * as m0016 from './0016_event_target_due.js'
import * as m0017 from './0017_sms_class_and_facade.js'
import * as m0018 from './0018_smpp_server.js'
import * as m0019 from './0019_kannel_dlr_url.js'
import * as m0020 from './0020_seven.js'
import * as m0021 from './0021_seven_files_hooks.js'
import * as m0022 from './0022_smpp_owed_leases.js'
import * as m0023 from './0023_short_links.js'
import * as m0024 from './0024_link_form_attempts.js'
import * as m0025 from './0025_dashboard.js'
import * as m0026 from './0026_sender_ids.js'
import * as m0027 from './0027_account_voice_lang.js'
import * as m0028 from './0028_messaggi.js'
import * as m0029 from './0029_fraud.js'
import * as m0030 from './0030_event_subject.js'
import * as m0031 from './0031_pushwoosh.js'

// A static list: migrations ship inside the build, no directory scanning at run time.
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_delivery': m0002,
  '0003_parts_total': m0003,
  '0004_binary': m0004,
  '0005_events': m0005,
  '0006_groups_bulks': m0006,
  '0007_incomings': m0007,
  '0008_cluster': m0008,
  '0009_in_doubt': m0009,
  '0010_leased': m0010,
  '0011_partial_callback': m0011,
  '0012_sender_numbers': m0012,
  '0013_auth_guard': m0013,
  '0014_webhook_failures': m0014,
  '0015_wire_journal': m0015,
  '0016_event_target_due': m0016,
  '0017_sms_class_and_facade': m0017,
  '0018_smpp_server': m0018,
  '0019_kannel_dlr_url': m0019,
  '0020_seven': m0020,
  '0021_seven_files_hooks': m0021,
  '0022_smpp_owed_leases': m0022,
  '0023_short_links': m0023,
  '0024_link_form_attempts': m0024,
  '0025_dashboard': m0025,
  '0026_sender_ids': m0026,
  '0027_account_voice_lang': m0027,
  '0028_messaggi': m0028,
  '0029_fraud': m0029,
  '0030_event_subject': m0030,
  '0031_pushwoosh': m0031,
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }
const MIGRATION_TABLE = 'taube_migrations'

/**
 * Migrations this build knows and the store has not run, in order. One read of the migrations
 * table (no schema introspection): cheap enough for a readiness probe every few seconds.
 */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  let done: Set<string>
  try {
    const rows = await db.selectFrom(MIGRATION_TABLE).select('name').execute()
    done = new Set(rows.map((r: { name: string }) => r.name))
  } catch (err) {
    // No migrations table yet: none has run. Anything else (the store is gone) is the caller's.
    const rows = await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute()
    if (rows.length === 0) throw err
    done = new Set()
  }
  return Object.keys(MIGRATIONS).filter((name) => !done.has(name))
}

/**
 * Applies what is pending; the names applied. With `onStep`, one migration at a time, told
 * before each (`taube migrate` shows progress).
 */
export async function migrateToLatest(
  db: Kysely<any>,
  onStep?: (name: string, index: number, total: number) => void,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE })
  if (onStep === undefined) return applied(await migrator.migrateToLatest())
  const pending = (await migrator.getMigrations()).filter((m) => m.executedAt === undefined)
  const done: string[] = []
  for (const [i, m] of pending.entries()) {
    onStep(m.name, i + 1, pending.length)
    const names = applied(await migrator.migrateUp())
    // Nothing was left: another process applied the rest meanwhile.
    if (names.length === 0) break
    done.push(...names)
  }
  return done
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
