// A message's state in seven.io's words (its status reports and GET /api/status): from the
// delivery report code and the gateway's status code of the message.
import { SMS_STATUS } from '../message/status.js'

export const SEVEN_STATUSES = [
  'DELIVERED',
  'NOTDELIVERED',
  'BUFFERED',
  'TRANSMITTED',
  'ACCEPTED',
  'EXPIRED',
  'REJECTED',
  'FAILED',
  'UNKNOWN',
] as const
export type SevenStatus = (typeof SEVEN_STATUSES)[number]

/**
 * dlr_code (1 delivered, 2 queued, 4 submit ack, 8 expired, 16 rejected) → seven's report.
 * The carrier's acknowledgement is TRANSMITTED ("sent by the SMSC, should arrive soon"), a
 * message the carrier holds for an unreachable phone BUFFERED.
 */
const BY_DLR_CODE: Record<number, SevenStatus> = {
  1: 'DELIVERED',
  2: 'BUFFERED',
  4: 'TRANSMITTED',
  8: 'EXPIRED',
  16: 'REJECTED',
}

const FAILED_CODES = new Set<number>([
  SMS_STATUS.BLOCKED,
  SMS_STATUS.CANCELLED,
  SMS_STATUS.GATEWAY_ERROR,
  SMS_STATUS.NO_ROUTE,
  SMS_STATUS.NO_FUNDS,
  SMS_STATUS.SYSTEM_ERROR,
])

/**
 * The report of a message: a carrier's report first; without one, FAILED when the gateway gave
 * up on it (or it was cancelled), else UNKNOWN (no report yet, as seven.io shows only what the
 * network reported).
 */
export function sevenStatus(dlrCode: number, statusCode: number): SevenStatus {
  const reported = BY_DLR_CODE[dlrCode]
  if (reported !== undefined) return reported
  return FAILED_CODES.has(statusCode) ? 'FAILED' : 'UNKNOWN'
}

/** seven.io's `2021-08-24 08:08:00.000` (UTC), from unix seconds. */
export function sevenTime(unixS: number): string {
  return new Date(unixS * 1000).toISOString().slice(0, 23).replace('T', ' ')
}
