import { sql } from 'kysely'
import type { Db } from '../database.js'
import type { LinkFormAttemptRow, LinkFormAttemptTable } from '../tables/link-form.table.js'
import type { Insertable } from 'kysely'

export async function insertFormAttempt(
  db: Db,
  row: Insertable<LinkFormAttemptTable>,
): Promise<void> {
  await db.insertInto('link_form_attempts').values(row).execute()
}

export async function findFormAttempt(
  db: Db,
  id: string,
  campaignCode: string,
): Promise<LinkFormAttemptRow | undefined> {
  return db
    .selectFrom('link_form_attempts')
    .selectAll()
    .where('id', '=', id)
    .where('campaign_code', '=', campaignCode)
    .executeTakeFirst()
}

/** How many codes were sent since `sinceS` to a phone or for an address, and the oldest one. */
export async function countFormAttempts(
  db: Db,
  by: { phone: string } | { ip: string },
  sinceS: number,
): Promise<{ n: number; oldest: number | null; newest: number | null }> {
  const r = await db
    .selectFrom('link_form_attempts')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('created_at').as('oldest'),
      eb.fn.max('created_at').as('newest'),
    ])
    .where('phone' in by ? 'phone' : 'ip', '=', 'phone' in by ? by.phone : by.ip)
    .where('created_at', '>=', sinceS)
    .executeTakeFirstOrThrow()
  return {
    n: Number(r.n),
    oldest: r.oldest === null ? null : Number(r.oldest),
    newest: r.newest === null ? null : Number(r.newest),
  }
}

export async function setFormAttemptSms(db: Db, id: string, smsUuid: string): Promise<void> {
  await db
    .updateTable('link_form_attempts')
    .set({ sms_uuid: smsUuid })
    .where('id', '=', id)
    .execute()
}

/**
 * A wrong code: one more failure, locked at the `maxFailures`th. Returns the row after, or
 * undefined when it was not open (confirmed, locked or expired meanwhile).
 */
export async function failFormAttempt(
  db: Db,
  o: { id: string; maxFailures: number; nowS: number },
): Promise<LinkFormAttemptRow | undefined> {
  return db
    .updateTable('link_form_attempts')
    .set({
      failed_count: sql`failed_count + 1`,
      // Typed parameters: PostgreSQL cannot infer them inside CASE.
      locked_at: sql`case when failed_count + 1 >= cast(${o.maxFailures} as integer) then cast(${o.nowS} as bigint) else null end`,
    })
    .where('id', '=', o.id)
    .where('locked_at', 'is', null)
    .where('confirmed_at', 'is', null)
    .where('expires_at', '>', o.nowS)
    .returningAll()
    .executeTakeFirst()
}

/** The right code: the attempt is used up. False when it was not open any more. */
export async function confirmFormAttempt(
  db: Db,
  o: { id: string; nowS: number },
): Promise<boolean> {
  const r = await db
    .updateTable('link_form_attempts')
    .set({ confirmed_at: o.nowS })
    .where('id', '=', o.id)
    .where('locked_at', 'is', null)
    .where('confirmed_at', 'is', null)
    .where('expires_at', '>', o.nowS)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Rows older than any limit reads. */
export async function deleteOldFormAttempts(db: Db, beforeS: number): Promise<number> {
  const r = await db
    .deleteFrom('link_form_attempts')
    .where('created_at', '<', beforeS)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}
