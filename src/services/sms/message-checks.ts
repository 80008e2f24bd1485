// The checks a single SMS and a bulk share: one rule, one message, whichever way it is sent.
import {
  DEFAULT_SERVICE_CODE,
  isServiceCode,
  type ServiceCode,
} from '../../domain/message/service-code.js'
import type { Account } from '../accounts/account-model.js'

type Violations = { propertyPath: string; message: string }[]

/** How far ahead a send time may lie: later values are almost always milliseconds sent as seconds. */
export const MAX_SCHEDULE_AHEAD_S = 365 * 24 * 3600

/** The service code asked for, if it exists and the account may use it (null: violation). */
export function checkService(
  asked: string | null,
  account: Account,
  violations: Violations,
  field = 'serviceCode',
): ServiceCode | null {
  const service = asked ?? DEFAULT_SERVICE_CODE
  if (!isServiceCode(service)) {
    violations.push({ propertyPath: field, message: `unknown service code "${service}"` })
    return null
  }
  if (!account.services.includes(service)) {
    violations.push({
      propertyPath: field,
      message: `service "${service}" is not enabled for this account (enabled: ${account.services.join(', ')})`,
    })
    return null
  }
  return service
}

/** When to send, in unix seconds, 0 for now; a time too far ahead is a violation. */
export function checkSendAt(
  sendAt: number | null,
  nowS: number,
  violations: Violations,
  field = 'sendAt',
): number {
  const at = sendAt ?? 0
  if (at <= nowS) return 0
  if (at > nowS + MAX_SCHEDULE_AHEAD_S) {
    violations.push({
      propertyPath: field,
      message: 'must be a unix time in seconds at most 365 days ahead',
    })
  }
  return at
}
