import { unixSeconds } from '../../shared/clock.js'
import { findAccount } from '../../store/repositories/account.repository.js'
import { listApiKeys } from '../../store/repositories/api-key.repository.js'
import { findGroup } from '../../store/repositories/group.repository.js'
import { findCampaignByCode } from '../../store/repositories/short-link-campaign.repository.js'
import { resolveShortLink } from '../../store/repositories/short-link.repository.js'
import { accountFromRow } from '../accounts/account-model.js'
import type { ServiceDeps } from '../deps.js'
import { apiKeyFromRow } from '../keys/api-key-model.js'
import type { FormCampaign } from './form-campaign.js'

/**
 * The form behind a short link: a link of a live subscribe (type 3) or unsubscribe (type 4)
 * campaign of an active account. Its code SMS go out under the account's oldest active key; an
 * account without one, a subscribe campaign without a live group, or anything else: null.
 */
export async function loadFormCampaign(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  linkCode: string,
): Promise<FormCampaign | null> {
  const now = unixSeconds(deps.clock)
  const link = await resolveShortLink(deps.db, linkCode)
  if (!link || link.campaign_code === null) return null
  const c = await findCampaignByCode(deps.db, link.campaign_code)
  if (!c || (c.deleted_at !== null && Number(c.deleted_at) <= now)) return null
  const type = Number(c.type)
  if (type !== 3 && type !== 4) return null
  const accountId = Number(c.account_id)
  const accountRow = await findAccount(deps.db, accountId)
  if (!accountRow) return null
  const account = accountFromRow(accountRow)
  if (account.status !== 'active') return null
  const keyRow = (await listApiKeys(deps.db, accountId)).find((k) => Number(k.is_active) === 1)
  if (!keyRow) return null
  const groupId = c.group_id === null ? null : Number(c.group_id)
  if (type === 3 && (groupId === null || !(await findGroup(deps.db, accountId, groupId, now))))
    return null
  return {
    code: c.code,
    name: c.name,
    action: type === 3 ? 'subscribe' : 'unsubscribe',
    groupId,
    account,
    key: apiKeyFromRow(keyRow),
  }
}
