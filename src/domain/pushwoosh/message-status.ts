// A message's state as Pushwoosh's message details name it: `pending` until it is due,
// `processing` while the gateway hands it to a carrier, `done` once that is over (whatever the
// carrier reported), `canceled` when it was cancelled before.
import type { MessageState } from '../message/status.js'

export const PUSHWOOSH_MESSAGE_STATUS = {
  scheduled: 'pending',
  queued: 'processing',
  submitting: 'processing',
  sent: 'done',
  delivered: 'done',
  expired: 'done',
  rejected: 'done',
  failed: 'done',
  cancelled: 'canceled',
} as const satisfies Record<MessageState, string>

export type PushwooshMessageStatus = (typeof PUSHWOOSH_MESSAGE_STATUS)[MessageState]

/** The device type Pushwoosh gives SMS numbers (registerDevice's device_type). */
export const SMS_DEVICE_TYPE = 18
