import type { Generated } from 'kysely'

/** What a failure or block counts against: an address per API, or a claimed account id. */
export type AuthBlockKind = 'ip' | 'admin-ip' | 'account'

export type AuthFailureTable = {
  id: Generated<number>
  kind: AuthBlockKind
  subject: string
  at: number // unix ms
}

export type AuthBlockTable = {
  kind: AuthBlockKind
  subject: string
  blocked_until: number // unix ms
  created_at: number
}

export type AuthKnownAddressTable = {
  account_id: number
  ip: string
  seen_at: number // unix ms
}
