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
