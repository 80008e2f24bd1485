// Our refusals as SMPP command_status: the one table every submit_sm answer comes from.
import { AppError } from '../errors/app-error.js'
import type { ErrorCode } from '../errors/catalogue.js'
import { SMPP_STATUS } from '../domain/dlr/smpp-errors.js'

/** An AppError code → command_status. Codes not named here answer ESME_RSYSERR. */
export const REFUSAL_STATUS: Partial<Record<ErrorCode, number>> = {
  // Balance: SMPP 3.4 has no status of its own for it; ESME_RX_T_APPN (temporary application
  // error) tells the ESME to try again later, as a top-up makes the same message go through.
  INSUFFICIENT_FUNDS: SMPP_STATUS.ESME_RX_T_APPN,
  ACCOUNT_BLOCKED: SMPP_STATUS.ESME_RX_P_APPN,
  KEY_INACTIVE: SMPP_STATUS.ESME_RX_P_APPN,
  SENDER_CODE_LIMIT: SMPP_STATUS.ESME_RTHROTTLED,
  TOO_MANY_CONNECTIONS: SMPP_STATUS.ESME_RTHROTTLED,
  IDEMPOTENCY_KEY_REUSED: SMPP_STATUS.ESME_RSUBMITFAIL,
  UNAVAILABLE: SMPP_STATUS.ESME_RSYSERR,
  INTERNAL: SMPP_STATUS.ESME_RSYSERR,
}

/** A violated command field → command_status (the first violation decides). */
export const VIOLATION_STATUS: Record<string, number> = {
  to: SMPP_STATUS.ESME_RINVDSTADR,
  from: SMPP_STATUS.ESME_RINVSRCADR,
  text: SMPP_STATUS.ESME_RINVMSGLEN,
  serviceCode: SMPP_STATUS.ESME_RINVSERTYP,
  sendAt: SMPP_STATUS.ESME_RINVSCHED,
}

/** The command_status that answers a submit_sm the send service refused with `err`. */
export function refusalStatus(err: unknown): number {
  if (!(err instanceof AppError)) return SMPP_STATUS.ESME_RSYSERR
  if (err.code === 'VALIDATION_FAILED') {
    const first = err.violations[0]
    const field = first?.propertyPath.split(/[.[]/)[0] ?? ''
    return VIOLATION_STATUS[field] ?? SMPP_STATUS.ESME_RSUBMITFAIL
  }
  return REFUSAL_STATUS[err.code] ?? SMPP_STATUS.ESME_RSYSERR
}
