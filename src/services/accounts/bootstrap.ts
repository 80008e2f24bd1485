import { countAccounts } from '../../store/repositories/account.repository.js'
import { findConnector } from '../../store/repositories/connector.repository.js'
import { listPrices } from '../../store/repositories/price.repository.js'
import type { ServiceDeps } from '../deps.js'
import { addRoute, putConnector } from '../connectors/manage-connectors.js'
import { createApiKey } from '../keys/manage-keys.js'
import { DEFAULT_PRICE_LIST, setPriceList } from '../pricing/price-lists.js'
import { createAccount } from './manage-accounts.js'

export type Bootstrapped = { userId: number; token: string; generated: boolean }
export type BootstrapOptions = { token?: string; defaultPrice: string }

/**
 * On an empty database: a default price list, and the simulator connector on a catch-all route,
 * so a fresh install sends and "delivers" at once. Runs before the engines start, which load the
 * connectors. Safe to run again after a start that failed before the demo account was made.
 */
export async function prepareDemo(deps: ServiceDeps, opts: BootstrapOptions): Promise<void> {
  if ((await listPrices(deps.db, DEFAULT_PRICE_LIST)).length === 0) {
    await setPriceList(deps, DEFAULT_PRICE_LIST, [
      { iso2: '*', service_code: '*', price: opts.defaultPrice },
    ])
  }
  if ((await countAccounts(deps.db)) > 0) return
  // The simulator already there means an earlier start got this far: no second catch-all route.
  if (await findConnector(deps.db, 'simulator')) return
  await putConnector(deps, 'simulator', {
    kind: 'simulator',
    config: { mix: { delivered: 1 }, dlrDelayMs: 200 },
  })
  await addRoute(deps, { connector_ids: ['simulator'] })
}

/**
 * On a database without accounts: the demo account (100.00 EUR prepaid, country DE) with one v2
 * key. `taube serve` calls it only once it listens, so the key it prints is never lost to a start
 * that failed. Does nothing when any account exists.
 */
export async function createDemoAccount(
  deps: ServiceDeps,
  opts: BootstrapOptions,
): Promise<Bootstrapped | null> {
  if ((await countAccounts(deps.db)) > 0) return null
  const [userText, token] = opts.token?.split(':') ?? []
  const account = await createAccount(deps, {
    id: userText === undefined ? undefined : Number(userText),
    name: 'Demo account',
    country: 'DE',
    currency: 'EUR',
    billing_mode: 'prepaid',
    balance: '100.00',
  })
  const created = await createApiKey(deps, {
    accountId: account.id,
    name: 'bootstrap',
    type: 'v2',
    token,
  })
  return { userId: account.id, token: created.token, generated: token === undefined }
}

/** Both steps at once, for embedders that have nothing to start in between. */
export async function bootstrapIfEmpty(
  deps: ServiceDeps,
  opts: BootstrapOptions,
): Promise<Bootstrapped | null> {
  await prepareDemo(deps, opts)
  return createDemoAccount(deps, opts)
}
