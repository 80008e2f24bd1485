import type { MessageKey } from './i18n.js'

export type BulkShort = {
  uuid: string
  delivery_at: number
  status_code: number
  msg_total_count: number
  msg_total_cost: number
  created_at: number
  processed_at: number
}

const LABELS: Record<number, MessageKey> = {
  0: 'bulkStatus0',
  5: 'bulkStatus5',
  100: 'bulkStatus100',
  410: 'bulkStatus410',
  3000: 'bulkStatus3000',
  5000: 'bulkStatus5000',
}

export const bulkStatusLabel = (code: number): MessageKey => LABELS[code] ?? 'bulkStatus5'
const BULK_DONE = 100

/** Done, cancelled, or stopped for good: nothing more to watch. */
export const bulkFinished = (code: number) => code >= 100

/**
 * The API's cancel takes a bulk still being made, or a done one with SMS not yet sent (one
 * scheduled for later): every SMS made is not sent yet.
 */
export const bulkCancellable = (code: number, sent: number, total: number) =>
  !bulkFinished(code) || (code === BULK_DONE && sent < total)
