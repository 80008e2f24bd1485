// What follows when an event is given up for a webhook: pure rules, time passed in.

/** When a failing webhook is switched off and how often its account hears about it. */
export type FailurePolicy = {
  /** Continuous failure (no delivery since the first event given up) before it is off; 0: never. */
  disableAfterMs: number
  /** Events given up in that time, at least, so one stray event a day does not switch it off. */
  disableMinFailures: number
  /** At most one "failing" notice per this period while the webhook keeps failing. */
  noticeEveryMs: number
}

/** A webhook's failure record, as it stands after the event just given up was counted. */
export type FailureRecord = {
  isActive: boolean
  /** Unix ms of the first event given up since the last delivery. */
  failingSinceMs: number
  /** Events given up since the last delivery, this one included. */
  failedCount: number
  /** Unix ms the account was last told; null: not since the last delivery. */
  notifiedAtMs: number | null
}

export type FailureVerdict = { disable: boolean; notice: 'failing' | 'disabled' | null }

export function judgeFailure(r: FailureRecord, nowMs: number, p: FailurePolicy): FailureVerdict {
  if (!r.isActive) return { disable: false, notice: null }
  const disable =
    p.disableAfterMs > 0 &&
    nowMs - r.failingSinceMs >= p.disableAfterMs &&
    r.failedCount >= p.disableMinFailures
  if (disable) return { disable, notice: 'disabled' }
  const due = r.notifiedAtMs === null || nowMs - r.notifiedAtMs >= p.noticeEveryMs
  return { disable, notice: due ? 'failing' : null }
}

/** Why the last attempt failed, as a metric label: a small fixed set, never a URL or a text. */
export const FAILURE_REASONS = [
  'timeout',
  'http_4xx',
  'http_5xx',
  'http_other',
  'connection',
  'private_target',
  'no_smtp',
  'smtp',
  'webhook_inactive',
] as const
export type FailureReason = (typeof FAILURE_REASONS)[number]

export function failureReason(
  transport: 'http' | 'email' | 'legacy_get' | 'legacy_email' | 'kannel_dlr' | 'seven_hook',
  status: number | null,
  error: string | null,
): FailureReason {
  const email = transport === 'email' || transport === 'legacy_email'
  if (error === 'timeout') return 'timeout'
  if (email) return error !== null && /no SMTP relay/.test(error) ? 'no_smtp' : 'smtp'
  if (status !== null) {
    if (status >= 500) return 'http_5xx'
    if (status >= 400) return 'http_4xx'
    return 'http_other'
  }
  // The code the SSRF guard gives a connection it refuses (events/ssrf-guard.ts).
  if (error === 'ETARGETPRIVATE') return 'private_target'
  return 'connection'
}
