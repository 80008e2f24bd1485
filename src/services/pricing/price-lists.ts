import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { fromMicro, toMicro } from '../../domain/pricing/money.js'
import { pickUnitPrice } from '../../domain/pricing/price-list.js'
import * as accounts from '../../store/repositories/account.repository.js'
import * as prices from '../../store/repositories/price.repository.js'
import type { Db } from '../../store/database.js'
import type { PriceListBody } from '../accounts/account.schemas.js'
import type { ServiceDeps } from '../deps.js'

export type PriceEntry = { iso2: string; service_code: string; price: number }

export const DEFAULT_PRICE_LIST = prices.DEFAULT_PRICE_LIST

/**
 * Recently looked-up unit prices. Changes made in this process clear it at once; another
 * process's changes apply within `ttlMs`, like a price list published for the next minute.
 */
export class PriceCache {
  private readonly entries = new Map<string, { price: number | null; expiresAt: number }>()
  constructor(private readonly ttlMs = 10_000) {}

  async get(key: string, now: number, load: () => Promise<number | null>): Promise<number | null> {
    const hit = this.entries.get(key)
    if (hit && hit.expiresAt > now) return hit.price
    const price = await load()
    if (this.entries.size > 100_000) this.entries.clear()
    this.entries.set(key, { price, expiresAt: now + this.ttlMs })
    return price
  }

  clear(): void {
    this.entries.clear()
  }
}

/** Unit price per SMS part for (service, country), or null when the operator priced neither. */
export async function unitPrice(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'prices'>,
  accountId: number,
  serviceCode: string,
  iso2: string | null,
): Promise<number | null> {
  return deps.prices.get(`${accountId}/${serviceCode}/${iso2}`, deps.clock.nowMs(), async () => {
    const rows = await prices.findPriceCandidates(deps.db, accountId, serviceCode, iso2)
    return pickUnitPrice(rows, accountId, serviceCode, iso2)
  })
}

export async function getPriceList(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
): Promise<PriceEntry[]> {
  await requireList(deps.db, accountId)
  return (await prices.listPrices(deps.db, accountId)).map((r) => ({
    iso2: r.iso2,
    service_code: r.service_code,
    price: fromMicro(Number(r.price_micro)),
  }))
}

/**
 * Replaces the whole list of an account (or, for account 0, the default list). An empty default
 * list leaves every account without a price unless it has its own, so every send fails: it is
 * refused unless `confirmEmpty` says the operator means it.
 */
export async function setPriceList(
  deps: Pick<ServiceDeps, 'db' | 'prices'>,
  accountId: number,
  body: PriceListBody,
  opts: { confirmEmpty?: boolean } = {},
): Promise<PriceEntry[]> {
  const violations: Violation[] = []
  if (body.length === 0 && accountId === DEFAULT_PRICE_LIST && opts.confirmEmpty !== true) {
    throw validationError([
      {
        propertyPath: '',
        message:
          'an empty default price list leaves accounts without their own list unable to send; ' +
          'send it with ?confirm=empty to empty it anyway',
        code: 'EMPTY_DEFAULT_PRICE_LIST',
      },
    ])
  }
  const seen = new Set<string>()
  const rows = body.map((e, i) => {
    const micro = toMicro(e.price)
    if (micro === null || micro < 0) {
      violations.push({ propertyPath: `[${i}].price`, message: 'must be a non-negative decimal' })
    }
    const service = e.service_code ?? '*'
    const key = `${service}/${e.iso2}`
    if (seen.has(key)) {
      violations.push({ propertyPath: `[${i}]`, message: `duplicate entry for ${key}` })
    }
    seen.add(key)
    return { account_id: accountId, service_code: service, iso2: e.iso2, price_micro: micro ?? 0 }
  })
  if (violations.length > 0) throw validationError(violations)
  await deps.db.transaction().execute(async (trx) => {
    await requireList(trx, accountId)
    await prices.replacePrices(trx, accountId, rows)
  })
  deps.prices.clear()
  return getPriceList(deps, accountId)
}

async function requireList(db: Db, accountId: number): Promise<void> {
  if (accountId === DEFAULT_PRICE_LIST) return
  if (!(await accounts.findAccount(db, accountId)))
    throw appError('ACCOUNT_NOT_FOUND', { id: accountId })
}
