// totalsByIntervals: an application's messages counted per interval from their real states.
// `sent` counts what a carrier took (whatever its report said since), `delivered` what the
// handset confirmed, `failed` what will never arrive (refused by the gateway or the carrier,
// or expired). A message waiting or cancelled before sending counts in none.
import type { MessageState } from '../message/status.js'

export type Totals = { sent: number; delivered: number; failed: number }

export const STATE_TOTALS = {
  scheduled: [],
  queued: [],
  submitting: [],
  sent: ['sent'],
  delivered: ['sent', 'delivered'],
  expired: ['sent', 'failed'],
  rejected: ['sent', 'failed'],
  failed: ['failed'],
  cancelled: [],
} as const satisfies Record<MessageState, readonly (keyof Totals)[]>

export const SCALES = { hour: 3600, day: 86_400 } as const
export type Scale = keyof typeof SCALES

/** Intervals one request may span: a month of hours, a year of days. */
export const MAX_INTERVALS = { hour: 31 * 24, day: 366 } as const satisfies Record<Scale, number>

/**
 * One entry per interval from `fromS` to `toS` (the last may be shorter), zeros included, from
 * the counts per interval index and state.
 */
export function totalsByIntervals(
  fromS: number,
  toS: number,
  scale: Scale,
  counts: readonly { bucket: number; state: MessageState; count: number }[],
): { startS: number; totals: Totals }[] {
  const step = SCALES[scale]
  const n = Math.ceil((toS - fromS) / step)
  const out = Array.from({ length: n }, (_, i) => ({
    startS: fromS + i * step,
    totals: { sent: 0, delivered: 0, failed: 0 },
  }))
  for (const c of counts) {
    const entry = out[c.bucket]
    if (entry === undefined) continue
    for (const key of STATE_TOTALS[c.state]) entry.totals[key] += c.count
  }
  return out
}
