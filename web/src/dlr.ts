import type { MessageKey } from './i18n.js'

// The LOX24 delivery codes (spec §15.1) as the dashboard names them; filters offer the same list.
export const DLR_CODES: { code: number; label: MessageKey }[] = [
  { code: 0, label: 'pending' },
  { code: 1, label: 'delivered' },
  { code: 2, label: 'queued' },
  { code: 4, label: 'submitted' },
  { code: 8, label: 'expired' },
  { code: 16, label: 'rejected' },
]

export function dlrLabel(code: number): MessageKey {
  return DLR_CODES.find((d) => d.code === code)?.label ?? 'pending'
}

export type Sms = {
  uuid: string
  text: string
  sender_id: string
  phone: string
  status_code: number
  status_reason: string
  dlr_code: number
  is_sent: boolean
  is_unicode: boolean
  parts_count: number
  chars_count: number
  price: number
  created_at: number
  gateway_sent_at: number
  delivery_at: number
  iso2: string | null
  callback_data: string | null
  service_code: string
  key_id: number | null
}
