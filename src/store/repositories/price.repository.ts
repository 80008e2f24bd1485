import type { Db } from '../database.js'
import type { PriceRow } from '../tables/account.table.js'

/** The operator's default list; an account's own rows win over it. */
export const DEFAULT_PRICE_LIST = 0

/** All rows that could price (service, country) for the account, for the caller to rank. */
export async function findPriceCandidates(
  db: Db,
  accountId: number,
  serviceCode: string,
  iso2: string | null,
): Promise<PriceRow[]> {
  return db
    .selectFrom('prices')
    .selectAll()
    .where('account_id', 'in', [accountId, DEFAULT_PRICE_LIST])
    .where('service_code', 'in', [serviceCode, '*'])
    .where('iso2', 'in', iso2 === null ? ['*'] : [iso2, '*'])
    .execute()
}

export async function listPrices(db: Db, accountId: number): Promise<PriceRow[]> {
  return db
    .selectFrom('prices')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('iso2')
    .orderBy('service_code')
    .execute()
}

export async function replacePrices(db: Db, accountId: number, rows: PriceRow[]): Promise<void> {
  await db.deleteFrom('prices').where('account_id', '=', accountId).execute()
  if (rows.length > 0) await db.insertInto('prices').values(rows).execute()
}
