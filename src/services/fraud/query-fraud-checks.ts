import { AppError, appError } from '../../errors/app-error.js'
import { FRAUD_STATUS } from '../../domain/fraud/fraud-check.js'
import { FRAUD_CHECK_FILTERS } from '../../domain/fraud/fraud-filters.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import { isUuid } from '../../domain/uuid.js'
import { unixSeconds } from '../../shared/clock.js'
import * as accounts from '../../store/repositories/account.repository.js'
import * as checks from '../../store/repositories/fraud-check.repository.js'
import type { ServiceDeps } from '../deps.js'
import type { FraudCheck } from './fraud-check.schemas.js'
import { fraudCheckFromRow } from './fraud-check-model.js'
import type { PollLimiter } from './poll-limiter.js'

/** GET /fraud-checks (spec §13.3). */
export async function listFraudChecks(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  query: RawQuery,
): Promise<{ items: FraudCheck[]; total: number; page: number }> {
  const parsed = parseQuery(FRAUD_CHECK_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await checks.listFraudChecks(
    deps.db,
    deps.dialect,
    accountId,
    parsed.value,
  )
  return { items: rows.map(fraudCheckFromRow), total, page: parsed.value.page }
}

export async function getFraudCheck(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  id: string,
): Promise<FraudCheck> {
  const row = isUuid(id)
    ? await checks.findFraudCheck(deps.db, accountId, id.toLowerCase())
    : undefined
  if (!row) throw appError('FRAUD_CHECK_NOT_FOUND', { id })
  return fraudCheckFromRow(row)
}

/**
 * GET /fraud-checks/{id}: one check, counted against its polling limit. An id that names none
 * of the account's checks is a 404 however often it is asked for.
 */
export async function pollFraudCheck(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  limiter: PollLimiter,
  accountId: number,
  id: string,
): Promise<FraudCheck> {
  const check = await getFraudCheck(deps, accountId, id)
  const retryAfter = limiter.take(`${accountId}/${check.id}`, deps.clock.nowMs())
  if (retryAfter !== null) {
    throw new AppError(
      'FRAUD_CHECK_POLLED_TOO_OFTEN',
      { id: check.id, max: limiter.perMinute, retryAfter },
      { headers: { 'Retry-After': String(retryAfter) } },
    )
  }
  return check
}

/**
 * DELETE /fraud-checks/{id} (spec §13.6): the check and all its data. One still pending is
 * refunded in the same transaction, as an unsent SMS is; no event follows.
 */
export async function deleteFraudCheck(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  id: string,
): Promise<void> {
  const deleted =
    isUuid(id) &&
    (await deps.db.transaction().execute(async (trx) => {
      const row = await checks.deleteFraudCheck(trx, accountId, id.toLowerCase())
      if (row?.status_code === FRAUD_STATUS.PENDING && row.price_micro > 0) {
        await accounts.creditFunds(trx, accountId, row.price_micro, unixSeconds(deps.clock))
      }
      return row !== undefined
    }))
  if (!deleted) throw appError('FRAUD_CHECK_NOT_FOUND', { id })
}
