import { createHash } from 'node:crypto'
import type { ApiKeyRow } from '../../store/tables/account.table.js'

export const API_KEY_TYPES = ['v2', 'kannel', 'email2sms', 'seven', 'smpp', 'pushwoosh'] as const
export type ApiKeyType = (typeof API_KEY_TYPES)[number]

/**
 * The types a key is created with on its own. A pushwoosh key is the auth token of a Pushwoosh
 * application and comes with it (services/pushwoosh/applications.ts).
 */
export const ISSUABLE_KEY_TYPES = API_KEY_TYPES.filter(
  (t): t is Exclude<ApiKeyType, 'pushwoosh'> => t !== 'pushwoosh',
)

/** The endpoints of the seven.io-compatible API a key can be given the right to call (`/api/…`). */
export const SEVEN_ENDPOINTS = [
  'sms',
  'balance',
  'status',
  'hooks',
  'journal',
  'analytics',
] as const
export type SevenEndpoint = (typeof SEVEN_ENDPOINTS)[number]

export type ApiKey = {
  id: number
  accountId: number
  name: string
  type: ApiKeyType
  hint: string
  isActive: boolean
  ipAllowlist: string[] | null
  lastUsedAt: number | null
  lastUsedIp: string | null
  createdAt: number
  /** seven.io API endpoints the key may call; null: every one. */
  endpoints: SevenEndpoint[] | null
  /** The secret seven.io requests with this key are signed with; null: unsigned. */
  signingSecret: string | null
}

/** Tokens are long random strings, so one SHA-256 is enough; a slow hash would add no safety. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function apiKeyFromRow(r: ApiKeyRow): ApiKey {
  return {
    id: Number(r.id),
    accountId: Number(r.account_id),
    name: r.name,
    type: r.type,
    hint: r.token_hint,
    isActive: r.is_active === 1,
    ipAllowlist: r.ip_allowlist === null ? null : (JSON.parse(r.ip_allowlist) as string[]),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    lastUsedIp: r.last_used_ip,
    createdAt: Number(r.created_at),
    endpoints: r.endpoints === null ? null : (JSON.parse(r.endpoints) as SevenEndpoint[]),
    signingSecret: r.signing_secret,
  }
}
