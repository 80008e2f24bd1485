import type { Db } from '../database.js'
import type { ShortLinkRow, ShortLinkTable, ShortLinkType } from '../tables/short-link.table.js'

/**
 * Inserts the links whose code is free; the codes inserted. A code taken already (a chance of
 * about n / 2e14 per link) is left out for the caller to draw again.
 */
export async function insertShortLinks(
  db: Db,
  rows: readonly ShortLinkTable[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const done = await db
    .insertInto('short_links')
    .values([...rows])
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .execute()
  return new Set(done.map((r) => r.code))
}

/** What the redirect needs of a link: the link, and its campaign's state where it has one. */
export type ResolvedLink = ShortLinkRow & {
  campaign_url: string | null
  campaign_type: ShortLinkType | null
  campaign_deleted_at: number | null
}

/** A link by its code, with its campaign (one indexed read: the redirect's only statement). */
export async function resolveShortLink(db: Db, code: string): Promise<ResolvedLink | undefined> {
  const row = await db
    .selectFrom('short_links as l')
    .leftJoin('short_link_campaigns as c', 'c.code', 'l.campaign_code')
    .selectAll('l')
    .select([
      'c.url as campaign_url',
      'c.type as campaign_type',
      'c.deleted_at as campaign_deleted_at',
    ])
    .where('l.code', '=', code)
    .executeTakeFirst()
  return row as ResolvedLink | undefined
}

/** The links issued for a message of the account. */
export async function shortLinksOfSms(
  db: Db,
  accountId: number,
  smsUuid: string,
): Promise<ShortLinkRow[]> {
  return db
    .selectFrom('short_links')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('sms_uuid', '=', smsUuid)
    .orderBy('created_at')
    .orderBy('code')
    .execute()
}
