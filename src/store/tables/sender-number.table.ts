import type { Generated, Selectable } from 'kysely'

/** A numeric sender id of an account; it attracts replies once verified. */
export type SenderNumberTable = {
  id: Generated<number>
  account_id: number
  number: string // E.164
  verified_at: number | null // unix s; null while pending
  verified_by: 'code' | 'operator' | null
  code_hash: string | null // salt:sha256 of the open code; null when none is open
  code_expires_at: number | null // unix ms
  attempts_left: number
  code_sent_at: number | null // unix s
  created_at: number // unix s
  updated_at: number
}

/** One verification code sent: counts against the sending limits. */
export type SenderCodeSendTable = {
  account_id: number
  number: string
  sent_at: number // unix s
}

export type SenderNumberRow = Selectable<SenderNumberTable>
