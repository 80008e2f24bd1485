import { unixSeconds } from '../../shared/clock.js'
import { purgeKannelDlrUrls } from '../../store/repositories/kannel-dlr-url.repository.js'
import type { ServiceDeps } from '../deps.js'

/**
 * How long a message's Kannel report URL is kept: its receipts come within the message's
 * validity (48 h by default, at most what the operator sets) plus what a carrier takes to report;
 * a week covers both with room, as the SMPP server's owed receipts.
 */
export const REPORT_URL_KEEP_S = 7 * 86_400

/** Removes the report URLs of messages older than REPORT_URL_KEEP_S; how many went. */
export function expireReportUrls(deps: Pick<ServiceDeps, 'db' | 'clock'>): Promise<number> {
  return purgeKannelDlrUrls(deps.db, unixSeconds(deps.clock) - REPORT_URL_KEEP_S)
}
