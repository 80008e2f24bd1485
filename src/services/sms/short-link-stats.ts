import type { RawQuery } from '../../domain/query/parse-query.js'
import type { ServiceDeps } from '../deps.js'
import { clickLog, smsClicks, type Click, type ClickCount } from '../links/click-reports.js'

// The click log and click count an SMS object links to (spec §12.7, §12.9, G-39), for the SMS's
// owner only; the reports themselves are in services/links/click-reports.ts.

/** GET /sms/{uuid}/requests: the click log of one SMS. */
export async function smsClickLog(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  uuid: string,
  query: RawQuery,
): Promise<{ items: Click[]; total: number; page: number }> {
  return clickLog(deps, accountId, { sms: uuid }, query)
}

/** GET /sms/{uuid}/clicks: the human clicks of one SMS, 0 for one without a short link. */
export async function smsClickCount(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  uuid: string,
): Promise<ClickCount> {
  return smsClicks(deps, accountId, uuid, { orZero: true })
}
