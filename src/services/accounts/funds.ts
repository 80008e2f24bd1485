import { appError, type AppError } from '../../errors/app-error.js'
import { fromMicro } from '../../domain/pricing/money.js'
import * as accounts from '../../store/repositories/account.repository.js'
import type { Db } from '../../store/database.js'
import { availableMicro, type Account } from './account-model.js'

/** The 402 for a cost the account cannot cover, with what it has now. */
export async function insufficientFunds(
  db: Db,
  account: Account,
  priceMicro: number,
): Promise<AppError> {
  const row = await accounts.findAccount(db, account.id)
  const available = row
    ? Number(row.balance_micro) + Number(row.credit_limit_micro)
    : availableMicro(account)
  return appError('INSUFFICIENT_FUNDS', {
    cost: fromMicro(priceMicro),
    currency: account.currency,
    available: fromMicro(available),
  })
}
