import type { Generated, Selectable } from 'kysely'

/** A seven-style webhook of an account (`/api/hooks`, migration 0021). */
export type SevenHookTable = {
  id: Generated<number>
  account_id: number
  /** The key that subscribed it; its signing secret signs the calls. */
  key_id: number | null
  target_url: string
  event_type: string
  event_filter: string | null
  request_method: string
  /** `Name: value` lines sent with each call, as given. */
  headers: string
  enabled: number
  created_at: number
}

export type SevenHookRow = Selectable<SevenHookTable>
