// Step one of a campaign's subscribe or unsubscribe form: a phone number in, a code out by SMS,
// sent as any message of the campaign's account is (sendSms), within the forms' rate limits.
import { randomBytes } from 'node:crypto'
import { AppError } from '../../errors/app-error.js'
import { normalizePhone } from '../../domain/phone/e164.js'
import { unixSeconds } from '../../shared/clock.js'
import * as attempts from '../../store/repositories/link-form.repository.js'
import type { ServiceDeps } from '../deps.js'
import { hashCode, newCode } from '../senders/sender-code.js'
import { sendSms } from '../sms/send-sms.js'
import { codeSmsText } from './code-sms-text.js'
import type { FormCampaign } from './form-campaign.js'
import { FORM_POLICY, type FormLanguage } from './form-policy.js'

export type CodeRequest = {
  phone: string
  ip: string
  lang: FormLanguage
  /** Unsubscribe forms: the reason chosen, stored with the opt-out. */
  unsubscribeReason: number | null
}

export type CodeRequestOutcome =
  | { kind: 'sent'; attemptId: string; phone: string }
  | { kind: 'bad-phone'; reason: string }
  | { kind: 'rate-limited'; retryAfterS: number }
  /** The account cannot send to this number (no price, no funds): nothing was sent. */
  | { kind: 'not-sent'; error: AppError }

export async function requestFormCode(
  deps: ServiceDeps,
  campaign: FormCampaign,
  input: CodeRequest,
): Promise<CodeRequestOutcome> {
  const phone = normalizePhone(input.phone, campaign.account.country)
  if (!phone.ok) return { kind: 'bad-phone', reason: phone.reason }
  const now = unixSeconds(deps.clock)
  const wait = await waitBeforeNextCode(deps, phone.e164, input.ip, now)
  if (wait > 0) return { kind: 'rate-limited', retryAfterS: wait }

  await attempts.deleteOldFormAttempts(deps.db, now - FORM_POLICY.keepS)
  const code = newCode()
  const attemptId = randomBytes(18).toString('base64url')
  await attempts.insertFormAttempt(deps.db, {
    id: attemptId,
    account_id: campaign.account.id,
    campaign_code: campaign.code,
    action: campaign.action,
    phone: phone.e164,
    code_hash: hashCode(code),
    locked_at: null,
    unsubscribe_reason: campaign.action === 'unsubscribe' ? input.unsubscribeReason : null,
    ip: input.ip,
    sms_uuid: null,
    created_at: now,
    expires_at: now + FORM_POLICY.codeTtlS,
    confirmed_at: null,
  })
  const text = codeSmsText({
    code,
    action: campaign.action,
    campaignName: campaign.name,
    lang: input.lang,
  })
  try {
    const { sms } = await sendSms(deps, {
      principal: { account: campaign.account, key: campaign.key },
      ip: input.ip,
      to: phone.e164,
      from: deps.settings.verifySenderId,
      payload: { kind: 'text', text, encoding: 'auto' },
      serviceCode: null,
      sendAt: null,
      callbackData: null,
      source: null,
      voiceLang: null,
      // The code is of no use to the account once sent: its text is not kept.
      textDeleted: true,
    })
    await attempts.setFormAttemptSms(deps.db, attemptId, sms.uuid)
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return { kind: 'not-sent', error: err }
    throw err
  }
  deps.log.info({ campaign: campaign.code, attempt: attemptId }, 'form code sent')
  return { kind: 'sent', attemptId, phone: phone.e164 }
}

/** Seconds until this phone and this address may have another code; 0: now. */
async function waitBeforeNextCode(
  deps: Pick<ServiceDeps, 'db'>,
  phone: string,
  ip: string,
  now: number,
): Promise<number> {
  const day = await attempts.countFormAttempts(deps.db, { phone }, now - 24 * 3600)
  const hour = await attempts.countFormAttempts(deps.db, { ip }, now - 3600)
  const waits = [0]
  if (day.newest !== null) waits.push(day.newest + FORM_POLICY.phoneGapS - now)
  if (day.n >= FORM_POLICY.phonePerDay && day.oldest !== null)
    waits.push(day.oldest + 24 * 3600 - now)
  if (hour.n >= FORM_POLICY.ipPerHour && hour.oldest !== null) waits.push(hour.oldest + 3600 - now)
  return Math.max(...waits)
}
