import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import { isUuid } from '../../domain/uuid.js'
import { appError } from '../../errors/app-error.js'
import * as clicks from '../../store/repositories/link-click.repository.js'
import { campaignExists } from '../../store/repositories/short-link-campaign.repository.js'
import type { LinkClickRow } from '../../store/tables/short-link.table.js'
import type { ServiceDeps } from '../deps.js'
import { getBulk } from '../bulks/manage-bulks.js'
import { getSms } from '../sms/query-sms.js'
import { CLICK_FILTERS, SMS_CLICKS_FILTERS } from './click-filters.js'

// The click reports of spec §12.7–§12.9: click logs ("requests") of one SMS, bulk or campaign,
// and the human clicks per SMS. Bots and link-preview fetchers are in the logs (with `bot`
// true) and never in `requests_count`.

type Deps = Pick<ServiceDeps, 'db' | 'dialect'>

/** A click-log entry (spec §12.7, G-39), with `bot` as an addition. */
export type Click = {
  id: number
  date: number
  ip: string
  url: string
  user_agent: string
  country: string | null
  referer: string | null
  type: number
  browser: string | null
  os: string | null
  os_version: string | null
  software_type: string | null
  hardware_type: string | null
  sms_uuid: string | null
  bulk_uuid: string | null
  campaign_code: string | null
  phone: string | null
  bot: boolean
}

export type ClickLogOf = { sms: string } | { bulk: string } | { campaign: string }

export type ClickCount = clicks.SmsClickCount

/** The click log of an SMS, a bulk or a campaign of the account; 404 for anything else. */
export async function clickLog(
  deps: Deps,
  accountId: number,
  of: ClickLogOf,
  query: RawQuery,
): Promise<{ items: Click[]; total: number; page: number }> {
  let scope: clicks.ClickScope
  if ('sms' in of) scope = { smsUuid: (await getSms(deps, accountId, of.sms)).uuid }
  else if ('bulk' in of) scope = { bulkUuid: (await getBulk(deps, accountId, of.bulk)).uuid }
  else {
    // A deleted campaign's log stays readable: the clicks happened, and reports outlive campaigns.
    if (!(await campaignExists(deps.db, accountId, of.campaign))) {
      throw appError('SHORT_LINK_CAMPAIGN_NOT_FOUND', { id: of.campaign })
    }
    scope = { campaignCode: of.campaign }
  }
  const parsed = parseQuery(CLICK_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await clicks.listClicks(
    deps.db,
    deps.dialect,
    accountId,
    scope,
    parsed.value,
  )
  return { items: rows.map(clickFromRow), total, page: parsed.value.page }
}

/** GET /sms/clicks: the account's SMS with a short link, and their human clicks. */
export async function listSmsClicks(
  deps: Deps,
  accountId: number,
  query: RawQuery,
): Promise<{ items: ClickCount[]; total: number; page: number }> {
  const parsed = parseQuery(SMS_CLICKS_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await clicks.listSmsClickCounts(
    deps.db,
    deps.dialect,
    accountId,
    parsed.value,
  )
  return { items: rows, total, page: parsed.value.page }
}

/**
 * The human clicks of one SMS. `GET /sms/clicks/{uuid}` answers 404 for an SMS without a short
 * link (§12.9); the SMS object's own `clicks` IRI answers 0 for it (`orZero`, decisions.md).
 */
export async function smsClicks(
  deps: Deps,
  accountId: number,
  uuid: string,
  opts: { orZero: boolean },
): Promise<ClickCount> {
  const id = isUuid(uuid) ? uuid.toLowerCase() : null
  const count = id === null ? undefined : await clicks.smsClickCount(deps.db, accountId, id)
  if (count !== undefined) return count
  if (!opts.orZero) throw appError('SMS_NOT_FOUND', { id: uuid })
  const sms = await getSms(deps, accountId, uuid)
  return { uuid: sms.uuid, created_at: sms.created_at, requests_count: 0 }
}

function clickFromRow(r: LinkClickRow): Click {
  const text = (s: string) => (s === '' ? null : s)
  return {
    id: Number(r.id),
    date: Number(r.date),
    ip: r.ip,
    url: r.url,
    user_agent: r.user_agent,
    country: r.country,
    referer: text(r.referer),
    type: Number(r.type),
    browser: text(r.browser),
    os: text(r.os),
    os_version: text(r.os_version),
    software_type: text(r.software_type),
    hardware_type: text(r.hardware_type),
    sms_uuid: r.sms_uuid,
    bulk_uuid: r.bulk_uuid,
    campaign_code: r.campaign_code,
    phone: r.phone,
    bot: Number(r.bot) === 1,
  }
}
