import { isIP, SocketAddress } from 'node:net'
import * as repo from '../../store/repositories/auth-guard.repository.js'
import type { ServiceDeps } from '../deps.js'
import { allowlistMatcher } from '../keys/ip-allowlist.js'
import type { AuthBlock } from './auth-block.schema.js'
import { AUTH_LIMITS, KNOWN_ADDRESS_MS, type AuthBlockKind } from './auth-limits.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'>

/** How long (real time) a process believes what it read of a block; others' changes show within it. */
const CACHE_MS = 1_000
const PRUNE_EVERY_MS = 60_000
const LONGEST_WINDOW_MS = Math.max(...Object.values(AUTH_LIMITS).map((l) => l.windowMs))

/**
 * Failed authentications and the blocks they cause, kept in the store so every process sees the
 * same (a guesser gets the allowance once, not once per API node). Each process keeps what it
 * read for a second, so a busy client costs no query per request; blocks this process starts or
 * lifts apply here at once, those of other processes within that second.
 */
export class AuthGuard {
  private readonly blocks = new Map<string, { until: number; readAt: number }>()
  private readonly known = new Map<string, { known: boolean; readAt: number }>()
  private readonly allowlisted: (ip: string) => boolean
  private lastPrune = 0

  constructor(
    private readonly deps: Deps,
    allowlist: readonly string[],
    private readonly realTime: () => number = () => performance.now(),
  ) {
    this.allowlisted = allowlist.length === 0 ? () => false : allowlistMatcher(allowlist)
  }

  /** Addresses of TAUBE_AUTH_ALLOWLIST: never blocked, and their failures count for nothing. */
  isAllowlisted(ip: string): boolean {
    return this.allowlisted(ip)
  }

  /** Milliseconds the subject stays blocked, 0 when it is not. */
  async blockedFor(kind: AuthBlockKind, subject: string): Promise<number> {
    const key = `${kind} ${subject}`
    let entry = this.blocks.get(key)
    if (entry === undefined || this.realTime() - entry.readAt >= CACHE_MS) {
      const until = (await repo.findAuthBlock(this.deps.db, { kind, subject })) ?? 0
      entry = this.remember(key, until)
    }
    return Math.max(0, entry.until - this.deps.clock.nowMs())
  }

  /** Counts a failure; the one past the limit starts a block. Failures while blocked do nothing. */
  async recordFailure(kind: AuthBlockKind, subject: string): Promise<void> {
    const now = this.deps.clock.nowMs()
    // Read afresh (failures are rare): a block another process started applies here from now on.
    const running = (await repo.findAuthBlock(this.deps.db, { kind, subject })) ?? 0
    this.remember(`${kind} ${subject}`, running)
    if (running > now) return
    const limit = AUTH_LIMITS[kind]
    const s = { kind, subject }
    await repo.addAuthFailure(this.deps.db, s, now)
    if ((await repo.countAuthFailures(this.deps.db, s, now - limit.windowMs)) > limit.maxFailures) {
      const until = await repo.startAuthBlock(this.deps.db, s, now, now + limit.blockMs)
      await repo.clearAuthFailures(this.deps.db, [kind], subject)
      this.remember(`${kind} ${subject}`, until)
    }
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now
      await repo.pruneAuthState(this.deps.db, {
        now,
        failuresBefore: now - LONGEST_WINDOW_MS,
        knownBefore: now - KNOWN_ADDRESS_MS,
      })
    }
  }

  /** Whether a key of the account authenticated from `ip` lately: such a request passes its lockout. */
  async isKnownAddress(accountId: number, ip: string): Promise<boolean> {
    const key = `${accountId} ${ip}`
    const hit = this.known.get(key)
    if (hit !== undefined && this.realTime() - hit.readAt < CACHE_MS) return hit.known
    const since = this.deps.clock.nowMs() - KNOWN_ADDRESS_MS
    const address = normalizeAddress(ip) ?? ip
    const known = await repo.isKnownAddress(this.deps.db, accountId, address, since)
    if (this.known.size > 10_000) this.known.clear()
    this.known.set(key, { known, readAt: this.realTime() })
    return known
  }

  /** Lifts an address's blocks, here at once. */
  async unblockAddress(address: string): Promise<number> {
    const n = await unblockAddress(this.deps, address)
    this.blocks.clear()
    return n
  }

  async unlockAccount(accountId: number): Promise<number> {
    const n = await unlockAccount(this.deps, accountId)
    this.blocks.clear()
    return n
  }

  private remember(key: string, until: number) {
    if (this.blocks.size > 50_000) this.blocks.clear()
    const entry = { until, readAt: this.realTime() }
    this.blocks.set(key, entry)
    return entry
  }
}

/**
 * One spelling per address, as the socket and proxy-addr give it: lower-case, compressed IPv6,
 * IPv4-mapped IPv6 as IPv4. Null when it is no address.
 */
export function normalizeAddress(ip: string): string | null {
  const trimmed = ip.trim()
  const plain =
    /^::ffff:/i.test(trimmed) && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed
  const version = isIP(plain)
  if (version === 0) return null
  // isIP takes IPv4 only in its one spelling (no leading zeros): nothing to rewrite. Asked on
  // every authenticated request, a SocketAddress each cost 2 % of the API thread.
  if (version === 4) return plain
  return new SocketAddress({ address: plain, family: 'ipv6' }).address
}

/** The blocks in force now. */
export async function listAuthBlocks(deps: Deps): Promise<AuthBlock[]> {
  const now = deps.clock.nowMs()
  return (await repo.listAuthBlocks(deps.db, now)).map((b) => ({
    kind: b.kind,
    subject: b.subject,
    blocked_until: Math.ceil(b.blockedUntil / 1000),
    retry_after: Math.ceil((b.blockedUntil - now) / 1000),
  }))
}

/**
 * Lifts the blocks of an address on both APIs and forgets its failures; returns how many blocks
 * were in force. Throws on a string that is no address.
 */
export async function unblockAddress(deps: Deps, address: string): Promise<number> {
  const ip = normalizeAddress(address)
  if (ip === null) throw new TypeError(`${address} is not an IP address`)
  const kinds = ['ip', 'admin-ip'] as const
  await repo.clearAuthFailures(deps.db, kinds, ip)
  return repo.deleteAuthBlocks(deps.db, kinds, ip, deps.clock.nowMs())
}

/** Lifts an account's lockout and forgets its failures. */
export async function unlockAccount(deps: Deps, accountId: number): Promise<number> {
  await repo.clearAuthFailures(deps.db, ['account'], String(accountId))
  return repo.deleteAuthBlocks(deps.db, ['account'], String(accountId), deps.clock.nowMs())
}

/** Marks an address as one the account's keys authenticate from (they pass its lockout). */
export async function rememberAddress(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  ip: string,
  at: number,
): Promise<void> {
  await repo.touchKnownAddress(deps.db, accountId, normalizeAddress(ip) ?? ip, at)
}
