import { validationError, type Violation } from '../../errors/app-error.js'
import { looksLikeEmail } from '../../domain/fraud/email-signal.js'
import { FRAUD_PRICE_CODES, FRAUD_PRIORITY, FRAUD_STATUS } from '../../domain/fraud/fraud-check.js'
import { parseIp } from '../../domain/fraud/ip-signal.js'
import { unixSeconds } from '../../shared/clock.js'
import * as accounts from '../../store/repositories/account.repository.js'
import { insertFraudCheck } from '../../store/repositories/fraud-check.repository.js'
import type { FraudCheckRow } from '../../store/tables/fraud-check.table.js'
import type { Account } from '../accounts/account-model.js'
import { insufficientFunds } from '../accounts/funds.js'
import type { ServiceDeps } from '../deps.js'
import { unitPrice } from '../pricing/price-lists.js'
import type { CreateFraudCheckBody, FraudCheck } from './fraud-check.schemas.js'
import { fraudCheckFromRow } from './fraud-check-model.js'

type Deps = Pick<
  ServiceDeps,
  'db' | 'clock' | 'prices' | 'groupCommit' | 'ids' | 'log' | 'fraudChecks'
>

const PARTS = ['phone', 'email', 'ip', 'address'] as const

/** What the schema cannot say: at least one part, and an e-mail and IP address of real form. */
export function fraudInputViolations(body: CreateFraudCheckBody): Violation[] {
  const violations: Violation[] = []
  if (PARTS.every((p) => body[p] === undefined || body[p] === null)) {
    for (const p of PARTS) {
      violations.push({
        propertyPath: p,
        message: 'give at least one of phone, email, ip or address',
        code: 'FRAUD_CHECK_EMPTY',
      })
    }
  }
  if (typeof body.email === 'string' && !looksLikeEmail(body.email)) {
    violations.push({
      propertyPath: 'email',
      message: 'is not an e-mail address (local@domain, no spaces, at most 254 characters)',
    })
  }
  if (typeof body.ip === 'string' && parseIp(body.ip) === null) {
    violations.push({ propertyPath: 'ip', message: 'is not an IPv4 (dotted quad) or IPv6 address' })
  }
  return violations
}

/**
 * Registers a check (spec §13.4): prices it from the account's price list, reserves the price
 * and stores it pending in one transaction (402 when the balance does not cover it); a worker
 * scores it and `fraud-check.done` tells the customer.
 */
export async function createFraudCheck(
  deps: Deps,
  account: Account,
  body: CreateFraudCheckBody,
): Promise<FraudCheck> {
  const violations = fraudInputViolations(body)
  if (violations.length > 0) throw validationError(violations)
  const code = body.service_code
  const price = await unitPrice(deps, account.id, FRAUD_PRICE_CODES[code], null)
  if (price === null) {
    throw validationError([
      {
        propertyPath: 'service_code',
        message: `fraud checks (${code}) are not available for this account: no price`,
      },
    ])
  }
  const now = unixSeconds(deps.clock)
  const row: FraudCheckRow = {
    uuid: deps.ids.uuid(),
    account_id: account.id,
    service_code: code,
    priority: FRAUD_PRIORITY[code],
    status_code: FRAUD_STATUS.PENDING,
    risk_score: null,
    callback_data: body.callback_data ?? null,
    phone: body.phone ?? null,
    email: body.email ?? null,
    ip: body.ip ?? null,
    address: body.address ? JSON.stringify(body.address) : null,
    result: null,
    price_micro: price,
    attempts: 0,
    lease_owner: null,
    lease_expires_at: null,
    created_at: now,
    updated_at: now,
  }
  await deps.groupCommit.run(async (trx) => {
    if ((await accounts.reserveFunds(trx, account.id, price, now)) === null) {
      throw await insufficientFunds(trx, account, price)
    }
    await insertFraudCheck(trx, row)
  })
  deps.log.debug({ fraudCheckId: row.uuid, accountId: account.id }, 'fraud check accepted')
  deps.fraudChecks.notify()
  return fraudCheckFromRow(row)
}
