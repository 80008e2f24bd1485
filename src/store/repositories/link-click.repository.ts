import { PAGE_SIZE, type ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { LinkClickRow, NewLinkClick } from '../tables/short-link.table.js'

/** The click-log filters of spec §12.6. */
export type ClickFilterProperty =
  | 'date'
  | 'ip'
  | 'url'
  | 'user_agent'
  | 'country'
  | 'referer'
  | 'type'
  | 'browser'
  | 'os'
  | 'os_version'
  | 'software_type'
  | 'hardware_type'

const CLICK_COLUMNS: ColumnMap<ClickFilterProperty> = {
  date: 'date',
  ip: 'ip',
  url: 'url',
  user_agent: 'user_agent',
  country: 'country',
  referer: 'referer',
  type: 'type',
  browser: 'browser',
  os: 'os',
  os_version: 'os_version',
  software_type: 'software_type',
  hardware_type: 'hardware_type',
}

/** Whose clicks: those of one message, one bulk or one campaign. */
export type ClickScope = { smsUuid: string } | { bulkUuid: string } | { campaignCode: string }

/** One multi-row insert per batch; both dialects take a few thousand rows in one statement. */
export async function insertClicks(db: Db, rows: readonly NewLinkClick[]): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('link_clicks')
    .values([...rows])
    .execute()
}

export async function listClicks(
  db: Db,
  dialect: Dialect,
  accountId: number,
  scope: ClickScope,
  query: ParsedQuery<ClickFilterProperty>,
): Promise<{ rows: LinkClickRow[]; total: number }> {
  let base = db.selectFrom('link_clicks').where('account_id', '=', accountId)
  if ('smsUuid' in scope) base = base.where('sms_uuid', '=', scope.smsUuid)
  else if ('bulkUuid' in scope) base = base.where('bulk_uuid', '=', scope.bulkUuid)
  else base = base.where('campaign_code', '=', scope.campaignCode)
  const where = whereConditions(query.conditions, CLICK_COLUMNS, dialect)
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, CLICK_COLUMNS, 'id'), query.page)
}

/** An SMS that carries a short link, and its human clicks (spec §12.9). */
export type SmsClickCount = { uuid: string; created_at: number; requests_count: number }

export type SmsClicksFilterProperty = 'created_at' | 'requests_count'

const COUNT_COLUMNS: ColumnMap<SmsClicksFilterProperty> = {
  created_at: 'created_at',
  requests_count: 'requests_count',
}

/**
 * The account's messages that carry a short link, with their human clicks counted. A derived
 * table, so that `requests_count` filters and orders like a column.
 */
function smsClickCounts(db: Db, accountId: number) {
  return db
    .selectFrom('sms as s')
    .select(['s.uuid', 's.created_at'])
    .select((eb) =>
      eb
        .selectFrom('link_clicks as k')
        .select((k) => k.fn.countAll<number>().as('n'))
        .where('k.account_id', '=', accountId)
        .whereRef('k.sms_uuid', '=', 's.uuid')
        .where('k.bot', '=', 0)
        .as('requests_count'),
    )
    .where('s.account_id', '=', accountId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('short_links as l')
          .select('l.code')
          .where('l.account_id', '=', accountId)
          .whereRef('l.sms_uuid', '=', 's.uuid'),
      ),
    )
}

export async function listSmsClickCounts(
  db: Db,
  dialect: Dialect,
  accountId: number,
  query: ParsedQuery<SmsClicksFilterProperty>,
): Promise<{ rows: SmsClickCount[]; total: number }> {
  const where = whereConditions(query.conditions, COUNT_COLUMNS, dialect)
  let base = db.selectFrom(smsClickCounts(db, accountId).as('t'))
  if (where) base = base.where(where)
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(orderTerms(query.order, COUNT_COLUMNS, 'uuid'))
      .limit(PAGE_SIZE)
      .offset((query.page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    rows: rows.map((r) => ({
      uuid: r.uuid,
      created_at: Number(r.created_at),
      requests_count: Number(r.requests_count ?? 0),
    })),
    total: Number(count.n),
  }
}

/** One message's count; undefined when it is not the account's or carries no short link. */
export async function smsClickCount(
  db: Db,
  accountId: number,
  uuid: string,
): Promise<SmsClickCount | undefined> {
  const r = await smsClickCounts(db, accountId).where('s.uuid', '=', uuid).executeTakeFirst()
  if (!r) return undefined
  return {
    uuid: r.uuid,
    created_at: Number(r.created_at),
    requests_count: Number(r.requests_count ?? 0),
  }
}
