import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { findGroup } from '../../store/repositories/group.repository.js'
import * as campaigns from '../../store/repositories/short-link-campaign.repository.js'
import type { ShortLinkTable, ShortLinkType } from '../../store/tables/short-link.table.js'
import type { Db } from '../../store/database.js'
import type { ServiceDeps } from '../deps.js'
import { CAMPAIGN_FILTERS } from './campaign-filters.js'
import { campaignFromRow, type Campaign } from './campaign-model.js'
import type { CampaignBody, FormCampaignBody } from './campaigns.schemas.js'
import { insertWithFreshCodes } from './issue-links.js'
import type { ShortUrlSettings } from './short-url.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'> & {
  settings: ShortUrlSettings
  /** Told when a campaign's target or state changed, so cached redirects follow at once. */
  onCampaignChange?: (code: string) => void
}

/** A campaign as POST /short_link_campaigns takes it; the form endpoints fix the type. */
export type NewCampaign = CampaignBody

export async function createCampaign(
  deps: Deps,
  accountId: number,
  body: NewCampaign,
): Promise<Campaign> {
  const values = await checkedValues(deps, accountId, body)
  const nowS = unixSeconds(deps.clock)
  const row = await deps.db.transaction().execute(async (trx) => {
    // The campaign's own link carries its code: one code space for every short link.
    const link: ShortLinkTable = {
      code: '',
      account_id: accountId,
      campaign_code: null,
      type: values.type,
      url: values.url,
      sms_uuid: null,
      bulk_uuid: null,
      phone: null,
      created_at: nowS,
    }
    await insertWithFreshCodes(trx, [link], (code) => ({ campaign_code: code }))
    return campaigns.insertCampaign(trx, {
      code: link.code,
      account_id: accountId,
      ...values,
      created_at: nowS,
      updated_at: nowS,
      deleted_at: null,
    })
  })
  return campaignFromRow(deps.settings, row)
}

/** POST /short_link_campaigns/subscribe (type 3) and /unsubscribe (type 4). */
export async function createFormCampaign(
  deps: Deps,
  accountId: number,
  form: 'subscribe' | 'unsubscribe',
  body: FormCampaignBody,
): Promise<Campaign> {
  return createCampaign(deps, accountId, { ...body, type: form === 'subscribe' ? 3 : 4 })
}

export async function getCampaign(deps: Deps, accountId: number, code: string): Promise<Campaign> {
  const row = await campaigns.findCampaign(deps.db, accountId, code)
  if (!row) throw appError('SHORT_LINK_CAMPAIGN_NOT_FOUND', { id: code })
  return campaignFromRow(deps.settings, row)
}

export async function listCampaigns(
  deps: Deps & Pick<ServiceDeps, 'dialect'>,
  accountId: number,
  query: RawQuery,
): Promise<{ items: Campaign[]; total: number; page: number }> {
  const parsed = parseQuery(CAMPAIGN_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await campaigns.listCampaigns(
    deps.db,
    deps.dialect,
    accountId,
    parsed.value,
  )
  return {
    items: rows.map((r) => campaignFromRow(deps.settings, r)),
    total,
    page: parsed.value.page,
  }
}

/** PUT: every field is replaced, checked as on creation; the links follow the new target. */
export async function replaceCampaign(
  deps: Deps,
  accountId: number,
  code: string,
  body: CampaignBody,
): Promise<Campaign> {
  await getCampaign(deps, accountId, code)
  const values = await checkedValues(deps, accountId, body)
  const row = await campaigns.updateCampaign(deps.db, accountId, code, {
    ...values,
    updated_at: unixSeconds(deps.clock),
  })
  if (!row) throw appError('SHORT_LINK_CAMPAIGN_NOT_FOUND', { id: code })
  deps.onCampaignChange?.(code)
  return campaignFromRow(deps.settings, row)
}

/** Marks the campaign deleted: its links answer "gone", its click log stays readable. */
export async function deleteCampaign(deps: Deps, accountId: number, code: string): Promise<void> {
  const done = await campaigns.deleteCampaign(deps.db, accountId, code, unixSeconds(deps.clock))
  if (!done) throw appError('SHORT_LINK_CAMPAIGN_NOT_FOUND', { id: code })
  deps.onCampaignChange?.(code)
}

type CampaignValues = {
  type: ShortLinkType
  name: string
  url: string | null
  group_id: number | null
}

/** What the schema cannot check: the URL's form, the type's needs, the group's owner. */
async function checkedValues(
  deps: { db: Db; clock: Deps['clock'] },
  accountId: number,
  body: CampaignBody,
): Promise<CampaignValues> {
  const problems: Violation[] = []
  const form = body.type === 3 || body.type === 4
  const url = body.url ?? null
  if (form && url !== null) {
    problems.push({
      propertyPath: 'url',
      message: 'a subscribe or unsubscribe campaign leads to its hosted form: leave url out',
    })
  } else if (!form && url === null) {
    problems.push({ propertyPath: 'url', message: 'required for types 1 and 2' })
  } else if (url !== null && !isWebUrl(url)) {
    problems.push({
      propertyPath: 'url',
      message: 'must be an absolute http or https URL, e.g. https://shop.example.com/spring',
    })
  }
  if (body.name.trim() === '') problems.push({ propertyPath: 'name', message: 'must not be blank' })
  const groupId = body.group_id ?? null
  if (form && groupId === null) {
    problems.push({
      propertyPath: 'group_id',
      message: 'required: the group that numbers are added to or removed from',
    })
  }
  if (groupId !== null) {
    const group = await findGroup(deps.db, accountId, groupId, unixSeconds(deps.clock))
    if (!group) {
      problems.push({ propertyPath: 'group_id', message: `no group ${groupId} in this account` })
    }
  }
  if (problems.length > 0) throw validationError(problems)
  return { type: body.type, name: body.name, url, group_id: groupId }
}

function isWebUrl(s: string): boolean {
  if (/\s/.test(s)) return false
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== ''
  } catch {
    return false
  }
}
