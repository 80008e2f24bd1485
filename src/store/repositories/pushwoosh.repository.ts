import { sql } from 'kysely'
import type { MessageState } from '../../domain/message/status.js'
import type { Db } from '../database.js'
import type {
  NewPushwooshApplication,
  NewPushwooshPreset,
  PushwooshApplicationRow,
  PushwooshDeviceRow,
  PushwooshMessageRow,
  PushwooshPresetRow,
} from '../tables/pushwoosh.table.js'
import type { SmsRow } from '../tables/sms.table.js'

export async function insertApplication(db: Db, row: NewPushwooshApplication): Promise<number> {
  const r = await db
    .insertInto('pushwoosh_applications')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** The application with this code, of any account: the code names it by itself. */
export async function findApplicationByCode(
  db: Db,
  code: string,
): Promise<PushwooshApplicationRow | undefined> {
  return db
    .selectFrom('pushwoosh_applications')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst()
}

export async function findApplication(
  db: Db,
  accountId: number,
  code: string,
): Promise<PushwooshApplicationRow | undefined> {
  return db
    .selectFrom('pushwoosh_applications')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('code', '=', code)
    .executeTakeFirst()
}

export async function listApplications(
  db: Db,
  accountId: number,
): Promise<PushwooshApplicationRow[]> {
  return db
    .selectFrom('pushwoosh_applications')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
}

/** Deletes the application with its presets and devices; its messages stay in the history. */
export async function deleteApplication(db: Db, id: number): Promise<void> {
  await db.deleteFrom('pushwoosh_presets').where('application_id', '=', id).execute()
  await db.deleteFrom('pushwoosh_devices').where('application_id', '=', id).execute()
  await db.deleteFrom('pushwoosh_applications').where('id', '=', id).execute()
}

export async function insertPreset(db: Db, row: NewPushwooshPreset): Promise<PushwooshPresetRow> {
  return db.insertInto('pushwoosh_presets').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function listPresets(db: Db, applicationId: number): Promise<PushwooshPresetRow[]> {
  return db
    .selectFrom('pushwoosh_presets')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute()
}

export async function findPreset(
  db: Db,
  applicationId: number,
  code: string,
): Promise<PushwooshPresetRow | undefined> {
  return db
    .selectFrom('pushwoosh_presets')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('code', '=', code)
    .executeTakeFirst()
}

/** Whether the application had the preset. */
export async function deletePreset(db: Db, applicationId: number, code: string): Promise<boolean> {
  const r = await db
    .deleteFrom('pushwoosh_presets')
    .where('application_id', '=', applicationId)
    .where('code', '=', code)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Registers the number, or changes the user id of a number registered before. */
export async function upsertDevice(db: Db, row: PushwooshDeviceRow): Promise<void> {
  await db
    .insertInto('pushwoosh_devices')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['application_id', 'hwid']).doUpdateSet({ user_id: row.user_id }),
    )
    .execute()
}

/** Registers the number unless it is registered already. */
export async function insertDeviceIfAbsent(db: Db, row: PushwooshDeviceRow): Promise<void> {
  await db
    .insertInto('pushwoosh_devices')
    .values(row)
    .onConflict((oc) => oc.columns(['application_id', 'hwid']).doNothing())
    .execute()
}

export async function findDevice(
  db: Db,
  applicationId: number,
  hwid: string,
): Promise<PushwooshDeviceRow | undefined> {
  return db
    .selectFrom('pushwoosh_devices')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('hwid', '=', hwid)
    .executeTakeFirst()
}

/** Whether the number was registered. */
export async function deleteDevice(db: Db, applicationId: number, hwid: string): Promise<boolean> {
  const r = await db
    .deleteFrom('pushwoosh_devices')
    .where('application_id', '=', applicationId)
    .where('hwid', '=', hwid)
    .executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** Takes a message code before the message is sent, so that it is stored with it. */
export async function insertMessage(db: Db, row: PushwooshMessageRow): Promise<void> {
  await db.insertInto('pushwoosh_messages').values(row).execute()
}

export async function deleteMessage(db: Db, code: string): Promise<void> {
  await db.deleteFrom('pushwoosh_messages').where('code', '=', code).execute()
}

/** The application's message with this code, as the store holds it. */
export async function findMessageSms(
  db: Db,
  applicationId: number,
  code: string,
): Promise<SmsRow | undefined> {
  return db
    .selectFrom('pushwoosh_messages as m')
    .innerJoin('sms as s', (j) =>
      j.onRef('s.account_id', '=', 'm.account_id').onRef('s.facade_id', '=', 'm.code'),
    )
    .selectAll('s')
    .where('m.application_id', '=', applicationId)
    .where('m.code', '=', code)
    .executeTakeFirst()
}

export type StateCount = { bucket: number; state: MessageState; count: number }

/**
 * The application's messages created in [fromS, toS), counted per state and per interval of
 * `stepS` seconds from `fromS` (bucket 0, 1, …); optionally only the message `code`. Integer
 * division is the same in both dialects for bigint operands.
 */
export async function countMessageStates(
  db: Db,
  q: { applicationId: number; fromS: number; toS: number; stepS: number; code: string | null },
): Promise<StateCount[]> {
  // Literals, not parameters: PostgreSQL groups by the select expression only when both are
  // written alike, and two placeholders ($1, $3) are not. Both are integers the service checked.
  const bucket = sql<number>`(m.created_at - ${sql.lit(Math.trunc(q.fromS))}) / ${sql.lit(Math.trunc(q.stepS))}`
  let query = db
    .selectFrom('pushwoosh_messages as m')
    .innerJoin('sms as s', (j) =>
      j.onRef('s.account_id', '=', 'm.account_id').onRef('s.facade_id', '=', 'm.code'),
    )
    .select([bucket.as('bucket'), 's.state', (eb) => eb.fn.countAll<number>().as('count')])
    .where('m.application_id', '=', q.applicationId)
    .where('m.created_at', '>=', q.fromS)
    .where('m.created_at', '<', q.toS)
  if (q.code !== null) query = query.where('m.code', '=', q.code)
  const rows = await query.groupBy([bucket, 's.state']).execute()
  return rows.map((r) => ({ bucket: Number(r.bucket), state: r.state, count: Number(r.count) }))
}
