import type { Generated, Selectable } from 'kysely'

/** A confirmation code sent by a campaign's subscribe or unsubscribe form (migration 0024). */
export type LinkFormAttemptTable = {
  id: string
  account_id: number
  campaign_code: string
  action: 'subscribe' | 'unsubscribe'
  phone: string
  /** `salt:sha256(salt:code)`: the code never rests in clear. */
  code_hash: string
  failed_count: Generated<number>
  /** Unix s: locked after too many wrong codes. */
  locked_at: number | null
  unsubscribe_reason: number | null
  ip: string | null
  sms_uuid: string | null
  created_at: number
  expires_at: number
  confirmed_at: number | null
}

export type LinkFormAttemptRow = Selectable<LinkFormAttemptTable>
