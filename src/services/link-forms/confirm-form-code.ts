// Step two of a campaign's form: the code from the SMS. The right one subscribes the phone to the
// campaign's group (`subscribed_at`) or opts it out (`unsubscribed_at`, `unsubscribe_reason`), so
// that bulks skip it; the third wrong one locks the attempt.
import { AppError, appError } from '../../errors/app-error.js'
import { FORM_UNSUBSCRIBE_REASONS } from '../../domain/links/form-reasons.js'
import { normalizePhone } from '../../domain/phone/e164.js'
import { unixSeconds } from '../../shared/clock.js'
import type { Db } from '../../store/database.js'
import * as formPhones from '../../store/repositories/form-phones.repository.js'
import * as attempts from '../../store/repositories/link-form.repository.js'
import type { ServiceDeps } from '../deps.js'
import { storePhones } from '../groups/store-phones.js'
import { codeMatches } from '../senders/sender-code.js'
import type { FormCampaign } from './form-campaign.js'
import { FORM_POLICY } from './form-policy.js'

export type ConfirmOutcome =
  | { kind: 'done'; phone: string }
  | { kind: 'wrong'; triesLeft: number; phone: string }
  | { kind: 'locked' }
  /** Expired, unknown, or of another campaign. */
  | { kind: 'expired' }
  /** The campaign's group is gone. */
  | { kind: 'no-group' }

export async function confirmFormCode(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'log'>,
  campaign: FormCampaign,
  input: { attemptId: string; code: string },
): Promise<ConfirmOutcome> {
  const now = unixSeconds(deps.clock)
  const a = await attempts.findFormAttempt(deps.db, input.attemptId, campaign.code)
  if (!a) return { kind: 'expired' }
  if (a.confirmed_at !== null) return { kind: 'done', phone: a.phone }
  if (a.locked_at !== null) return { kind: 'locked' }
  if (Number(a.expires_at) <= now) return { kind: 'expired' }

  if (!codeMatches(a.code_hash, input.code)) {
    const after = await attempts.failFormAttempt(deps.db, {
      id: a.id,
      maxFailures: FORM_POLICY.maxFailures,
      nowS: now,
    })
    if (!after) return { kind: 'expired' }
    if (after.locked_at !== null) {
      deps.log.info({ campaign: campaign.code, attempt: a.id }, 'form code locked')
      return { kind: 'locked' }
    }
    return {
      kind: 'wrong',
      triesLeft: FORM_POLICY.maxFailures - Number(after.failed_count),
      phone: a.phone,
    }
  }

  try {
    const applied = await deps.db.transaction().execute(async (trx) => {
      if (!(await attempts.confirmFormAttempt(trx, { id: a.id, nowS: now }))) return false
      if (campaign.action === 'subscribe') await subscribe(trx, campaign, a.phone, now)
      else
        await formPhones.optOutPhone(trx, {
          accountId: campaign.account.id,
          groupId: campaign.groupId,
          phone: a.phone,
          atS: now,
          reason: a.unsubscribe_reason ?? FORM_UNSUBSCRIBE_REASONS.not_given,
        })
      return true
    })
    if (!applied) return { kind: 'expired' }
  } catch (err) {
    if (err instanceof AppError && err.code === 'GROUP_NOT_FOUND') return { kind: 'no-group' }
    throw err
  }
  deps.log.info(
    { campaign: campaign.code, attempt: a.id, action: campaign.action },
    'form confirmed',
  )
  return { kind: 'done', phone: a.phone }
}

/** Joins the group: a new entry, or the number's entries there subscribed again. */
async function subscribe(trx: Db, campaign: FormCampaign, phone: string, now: number) {
  const accountId = campaign.account.id
  const groupId = campaign.groupId
  if (groupId === null) throw appError('GROUP_NOT_FOUND', { id: 0 })
  const entries = await formPhones.phoneEntriesInGroup(trx, { accountId, groupId, phone })
  if (entries.length === 0) {
    const n = normalizePhone(phone, null)
    await storePhones(trx, { accountId, groupId, nowS: now }, [
      {
        phone,
        iso2: n.ok ? n.iso2 : null,
        a: null,
        b: null,
        c: null,
        d: null,
        e: null,
        callback_data: null,
      },
    ])
  }
  await formPhones.resubscribePhone(trx, { accountId, groupId, phone, atS: now })
}
