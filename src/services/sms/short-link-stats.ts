import { appError } from '../../errors/app-error.js'
import { CLICK_LOG_FILTERS } from '../../domain/message/click-log-filters.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import type { ServiceDeps } from '../deps.js'
import { getSms } from './query-sms.js'

// The click log and click count an SMS object links to (spec §12.7, §12.9, G-39). Short links are
// not built yet, so no SMS has clicks: the answers are empty, but only for the SMS's owner.

/** GET /sms/{uuid}/requests: the click log of one SMS, always empty for now. */
export async function smsClickLog(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  uuid: string,
  query: RawQuery,
): Promise<{ items: never[]; total: number; page: number }> {
  await getSms(deps, accountId, uuid)
  const parsed = parseQuery(CLICK_LOG_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  return { items: [], total: 0, page: parsed.value.page }
}

/** GET /sms/{uuid}/clicks: the click count of one SMS, always 0 for now. */
export async function smsClickCount(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  uuid: string,
): Promise<{ uuid: string; created_at: number; requests_count: number }> {
  const sms = await getSms(deps, accountId, uuid)
  return { uuid: sms.uuid, created_at: sms.created_at, requests_count: 0 }
}
