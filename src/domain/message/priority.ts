// Dispatch order of messages: lower first. A fixed, short list, because the queue is claimed one
// priority at a time (store/queue/claim.ts): a message with any other priority would never go.

export const PRIORITY = {
  /** Single SMS (one-time passwords) go before everything else. */
  single: 0,
  /** Bulk SMS wait behind single ones, so a campaign never delays a one-time password. */
  bulk: 10,
} as const

export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY]

/** Every priority, most urgent first. */
export const PRIORITIES: readonly Priority[] = Object.values(PRIORITY).sort((a, b) => a - b)

/**
 * The queue priority of a messaggisms.com message of `hundredths` (100 = 1.00, its least): above
 * 1.00 it goes before every single SMS, a higher one sooner (values below 0, which the claim
 * reads first, lowest first); 1.00 is a single SMS.
 */
export function urgentPriority(hundredths: number): number {
  return hundredths > 100 ? -(hundredths - 100) : PRIORITY.single
}
