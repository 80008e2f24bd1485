import { appError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import * as accounts from '../../store/repositories/account.repository.js'
import * as keys from '../../store/repositories/api-key.repository.js'
import { accountFromRow, type Account } from '../accounts/account-model.js'
import type { ServiceDeps } from '../deps.js'
import { apiKeyFromRow, hashToken, type ApiKey, type ApiKeyType } from './api-key-model.js'
import { allowlistMatcher } from './ip-allowlist.js'
import { rememberAddress } from '../auth-guard/auth-guard.js'

export type Principal = { account: Account; key: ApiKey }

type Entry = { principal: Principal | null; allows: (ip: string) => boolean; expiresAt: number }

/**
 * Recently verified keys, so a busy client costs one hash and a map lookup per request.
 * Entries live a few seconds: a key disabled on another node stops working within that time;
 * on this node `clear()` makes it immediate.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>()
  constructor(private readonly ttlMs = 3_000) {}

  get(hash: string, now: number): Entry | undefined {
    const e = this.entries.get(hash)
    if (e && e.expiresAt > now) return e
    if (e) this.entries.delete(hash)
    return undefined
  }

  set(hash: string, principal: Principal | null, now: number): Entry {
    if (this.entries.size > 50_000) this.entries.clear()
    const allow = principal?.key.ipAllowlist
    const entry = {
      principal,
      allows: allow ? allowlistMatcher(allow) : () => true,
      expiresAt: now + this.ttlMs,
    }
    this.entries.set(hash, entry)
    return entry
  }

  clear(): void {
    this.entries.clear()
  }
}

export type Credentials = { userId: string; token: string }

/** How often a key's last-use time and IP are written, at most. */
const TOUCH_INTERVAL_S = 60

/**
 * Resolves credentials to the account and key. Throws UNAUTHENTICATED for anything a guesser
 * could learn from (unknown user, unknown token, token of another user), and 403 codes only
 * once the credentials are proven right.
 */
export async function authenticate(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  cache: KeyCache,
  creds: Credentials | null,
  ip: string,
  allowedTypes: readonly ApiKeyType[],
): Promise<Principal> {
  if (creds === null || !/^\d{1,10}$/.test(creds.userId) || creds.token === '') {
    throw appError('UNAUTHENTICATED')
  }
  return verifyToken(deps, cache, creds.token, creds.userId, ip, allowedTypes)
}

/**
 * The same, for APIs whose credential is the token alone (seven.io's `X-Api-Key`): the token is
 * long and random, so it names its account by itself.
 */
export async function authenticateToken(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  cache: KeyCache,
  token: string | null,
  ip: string,
  allowedTypes: readonly ApiKeyType[],
): Promise<Principal> {
  if (token === null || token === '') throw appError('UNAUTHENTICATED')
  return verifyToken(deps, cache, token, null, ip, allowedTypes)
}

async function verifyToken(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  cache: KeyCache,
  token: string,
  userId: string | null,
  ip: string,
  allowedTypes: readonly ApiKeyType[],
): Promise<Principal> {
  const now = deps.clock.nowMs()
  const hash = hashToken(token)
  const entry = cache.get(hash, now) ?? cache.set(hash, await load(deps, hash), now)
  const p = entry.principal
  if (p === null || (userId !== null && String(p.account.id) !== userId))
    throw appError('UNAUTHENTICATED')
  return admit(deps, p, entry.allows, ip, allowedTypes)
}

/**
 * Resolves a dashboard session (api/web) to its account and key: the key is read afresh, so a
 * key disabled or deleted since the login ends the session, and the key's IP list and type apply
 * as they do to the key itself.
 */
export async function authenticateKeyId(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  keyId: number,
  ip: string,
  allowedTypes: readonly ApiKeyType[],
): Promise<Principal> {
  const keyRow = await keys.findApiKey(deps.db, keyId)
  if (!keyRow || Number(keyRow.account_id) !== accountId) throw appError('UNAUTHENTICATED')
  const accountRow = await accounts.findAccount(deps.db, accountId)
  if (!accountRow) throw appError('UNAUTHENTICATED')
  const p = { account: accountFromRow(accountRow), key: apiKeyFromRow(keyRow) }
  const allow = p.key.ipAllowlist
  return admit(deps, p, allow ? allowlistMatcher(allow) : () => true, ip, allowedTypes)
}

/** The checks after the credentials are proven right, and the key's last use. */
async function admit(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  p: Principal,
  allows: (ip: string) => boolean,
  ip: string,
  allowedTypes: readonly ApiKeyType[],
): Promise<Principal> {
  const now = deps.clock.nowMs()
  if (!p.key.isActive) throw appError('KEY_INACTIVE')
  if (!allowedTypes.includes(p.key.type))
    throw appError('KEY_TYPE_NOT_ALLOWED', { type: p.key.type })
  if (!allows(ip)) throw appError('IP_NOT_ALLOWED', { ip })
  if (p.account.status !== 'active') throw appError('ACCOUNT_BLOCKED')
  const nowS = unixSeconds(deps.clock)
  if (p.key.lastUsedIp !== ip || (p.key.lastUsedAt ?? 0) + TOUCH_INTERVAL_S <= nowS) {
    p.key.lastUsedIp = ip
    p.key.lastUsedAt = nowS
    await keys.touchApiKey(deps.db, p.key.id, nowS, ip)
    await rememberAddress(deps, p.account.id, ip, now)
  }
  return p
}

async function load(deps: Pick<ServiceDeps, 'db'>, hash: string): Promise<Principal | null> {
  const keyRow = await keys.findApiKeyByHash(deps.db, hash)
  if (!keyRow) return null
  const accountRow = await accounts.findAccount(deps.db, Number(keyRow.account_id))
  if (!accountRow) return null
  return { account: accountFromRow(accountRow), key: apiKeyFromRow(keyRow) }
}
