import type { ExpressionBuilder } from 'kysely'
import type { ParsedQuery } from '../../domain/query/filter-spec.js'
import type { Database, Db, Dialect } from '../database.js'
import { pageOf } from '../query/page.js'
import { orderTerms, whereConditions, type ColumnMap } from '../query/where.js'
import type { ShortLinkCampaignRow, ShortLinkCampaignTable } from '../tables/short-link.table.js'

// A deleted campaign keeps its row (its links answer "gone", its clicks stay reportable); every
// read for the API leaves it out.

export type CampaignFilterProperty = 'code' | 'name' | 'url' | 'type' | 'group_id' | 'created_at'

const COLUMNS: ColumnMap<CampaignFilterProperty> = {
  code: 'code',
  name: 'name',
  url: 'url',
  type: 'type',
  group_id: 'group_id',
  created_at: 'created_at',
}

export type CampaignValues = Partial<
  Pick<ShortLinkCampaignTable, 'type' | 'name' | 'url' | 'group_id'>
> & { updated_at: number }

function live(eb: ExpressionBuilder<Database, 'short_link_campaigns'>) {
  return eb('short_link_campaigns.deleted_at', 'is', null)
}

export async function insertCampaign(
  db: Db,
  row: ShortLinkCampaignTable,
): Promise<ShortLinkCampaignRow> {
  return db.insertInto('short_link_campaigns').values(row).returningAll().executeTakeFirstOrThrow()
}

/** A live campaign of the account. */
export async function findCampaign(
  db: Db,
  accountId: number,
  code: string,
): Promise<ShortLinkCampaignRow | undefined> {
  return db
    .selectFrom('short_link_campaigns')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('code', '=', code)
    .where(live)
    .executeTakeFirst()
}

/** A campaign by code alone, deleted or not: the redirect and the forms know no account. */
export async function findCampaignByCode(
  db: Db,
  code: string,
): Promise<ShortLinkCampaignRow | undefined> {
  return db
    .selectFrom('short_link_campaigns')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst()
}

/** Whether the account has (or had) the campaign: its click log stays readable after deletion. */
export async function campaignExists(db: Db, accountId: number, code: string): Promise<boolean> {
  const row = await db
    .selectFrom('short_link_campaigns')
    .select('code')
    .where('account_id', '=', accountId)
    .where('code', '=', code)
    .executeTakeFirst()
  return row !== undefined
}

export async function listCampaigns(
  db: Db,
  dialect: Dialect,
  accountId: number,
  query: ParsedQuery<CampaignFilterProperty>,
): Promise<{ rows: ShortLinkCampaignRow[]; total: number }> {
  const where = whereConditions(query.conditions, COLUMNS, dialect)
  let base = db.selectFrom('short_link_campaigns').where('account_id', '=', accountId).where(live)
  if (where) base = base.where(where)
  return pageOf(base, orderTerms(query.order, COLUMNS, 'code'), query.page)
}

export async function updateCampaign(
  db: Db,
  accountId: number,
  code: string,
  values: CampaignValues,
): Promise<ShortLinkCampaignRow | undefined> {
  return db
    .updateTable('short_link_campaigns')
    .set(values)
    .where('account_id', '=', accountId)
    .where('code', '=', code)
    .where(live)
    .returningAll()
    .executeTakeFirst()
}

/** Marks a live campaign deleted; false when there was none. */
export async function deleteCampaign(
  db: Db,
  accountId: number,
  code: string,
  nowS: number,
): Promise<boolean> {
  const r = await db
    .updateTable('short_link_campaigns')
    .set({ deleted_at: nowS, updated_at: nowS })
    .where('account_id', '=', accountId)
    .where('code', '=', code)
    .where(live)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}
