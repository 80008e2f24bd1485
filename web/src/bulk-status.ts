import type { MessageKey } from './i18n.js'

export type BulkShort = {
  uuid: string
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
/** Done, cancelled, or stopped for good: nothing more to watch. */
export const bulkFinished = (code: number) => code >= 100
