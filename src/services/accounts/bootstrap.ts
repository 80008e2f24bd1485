import { countAccounts } from '../../store/repositories/account.repository.js'
import { listPrices } from '../../store/repositories/price.repository.js'
import type { ServiceDeps } from '../deps.js'
import { addRoute, putConnector } from '../connectors/manage-connectors.js'
import { createApiKey } from '../keys/manage-keys.js'
import { DEFAULT_PRICE_LIST, setPriceList } from '../pricing/price-lists.js'
import { createAccount } from './manage-accounts.js'

export type Bootstrapped = { userId: number; token: string; generated: boolean }

/**
 * On an empty database: a demo account (100.00 EUR prepaid, country DE) with one v2 key, a
 * default price list, and the simulator connector on a catch-all route, so a fresh install sends
 * and "delivers" at once. Does nothing on a used database.
 */
export async function bootstrapIfEmpty(
  deps: ServiceDeps,
  opts: { token?: string; defaultPrice: string },
): Promise<Bootstrapped | null> {
  if ((await listPrices(deps.db, DEFAULT_PRICE_LIST)).length === 0) {
    await setPriceList(deps, DEFAULT_PRICE_LIST, [{ iso2: '*', service_code: '*', price: opts.defaultPrice }])
  }
  if ((await countAccounts(deps.db)) > 0) return null
  // A new installation sends through the built-in simulator until the operator adds carriers.
  await putConnector(deps, 'simulator', { kind: 'simulator', config: { mix: { delivered: 1 }, dlrDelayMs: 200 } })
  await addRoute(deps, { connector_ids: ['simulator'] })
  const [userText, token] = opts.token?.split(':') ?? []
  const account = await createAccount(deps, {
    id: userText === undefined ? undefined : Number(userText),
    name: 'Demo account',
    country: 'DE',
    currency: 'EUR',
    billing_mode: 'prepaid',
    balance: '100.00',
  })
  const created = await createApiKey(deps, { accountId: account.id, name: 'bootstrap', type: 'v2', token })
  return { userId: account.id, token: created.token, generated: token === undefined }
}
