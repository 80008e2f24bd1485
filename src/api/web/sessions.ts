import type { FastifyReply, FastifyRequest } from 'fastify'
import { appError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import type { ServiceDeps } from '../../services/deps.js'
import { authenticateKeyId, type Principal } from '../../services/keys/authenticate.js'
import { endSession, isSessionEnded } from '../../services/sessions/ended-sessions.js'
import { SessionSigner, type SessionClaims } from './session-token.js'

export const SESSION_COOKIE = 'taube_session'
/** The operator's session (docs/decisions.md, "Operator console"): a cookie of its own. */
export const OPERATOR_COOKIE = 'taube_operator'
export const CSRF_HEADER = 'x-csrf-token'
/** Absolute lifetime of a dashboard session; the user logs in again after it. */
export const SESSION_TTL_S = 8 * 3600

/**
 * Dashboard sessions: a signed cookie that the customer API accepts in place of the key header,
 * only together with the session's CSRF token in `X-CSRF-Token` (docs/decisions.md, "Web
 * dashboard"). Logged-out sessions are kept in the database until they would have expired, so
 * that every API process on it refuses them; this process also remembers its own.
 */
export class DashboardSessions {
  private readonly ended = new Map<string, number>()

  constructor(
    private readonly deps: Pick<ServiceDeps, 'db' | 'clock'>,
    private readonly signer = new SessionSigner(),
    private readonly cookie = SESSION_COOKIE,
  ) {}

  issue(principal: Principal): { cookie: string; claims: SessionClaims; csrf: string } {
    return this.issueFor(principal.account.id, principal.key.id)
  }

  /** A session naming account and key ids; the operator's names none (0, 0). */
  issueFor(
    accountId: number,
    keyId: number,
  ): { cookie: string; claims: SessionClaims; csrf: string } {
    const expiresAt = unixSeconds(this.deps.clock) + SESSION_TTL_S
    const { value, claims } = this.signer.sign({ accountId, keyId, expiresAt })
    return { cookie: value, claims, csrf: this.signer.csrfToken(claims) }
  }

  /** The live session the request's cookie names, or null (no cookie, forged, expired, ended). */
  async claimsOf(req: FastifyRequest): Promise<SessionClaims | null> {
    const value = cookieValue(req.headers.cookie, this.cookie)
    if (value === null) return null
    const claims = this.signer.verify(value)
    if (claims === null || claims.expiresAt <= unixSeconds(this.deps.clock)) return null
    if (this.ended.has(claims.nonce)) return null
    // Ended at another process: one primary-key lookup per request made with a session.
    return (await isSessionEnded(this.deps, claims.nonce)) ? null : claims
  }

  csrfToken(claims: SessionClaims): string {
    return this.signer.csrfToken(claims)
  }

  /** Whether the request carries a session cookie at all (it then must be a valid one). */
  carries(req: FastifyRequest): boolean {
    return cookieValue(req.headers.cookie, this.cookie) !== null
  }

  /** The principal of a cookie-authenticated API request: a live session and its CSRF token. */
  async authenticate(req: FastifyRequest, ip: string): Promise<Principal> {
    const claims = await this.claimsOf(req)
    if (claims === null) throw appError('UNAUTHENTICATED')
    if (!this.csrfValid(req, claims)) throw appError('CSRF_TOKEN_INVALID')
    return authenticateKeyId(this.deps, claims.accountId, claims.keyId, ip, ['v2'])
  }

  csrfValid(req: FastifyRequest, claims: SessionClaims): boolean {
    const given = req.headers[CSRF_HEADER]
    return typeof given === 'string' && this.signer.csrfMatches(claims, given)
  }

  async end(claims: SessionClaims): Promise<void> {
    await endSession(this.deps, claims.nonce, claims.expiresAt)
    const now = unixSeconds(this.deps.clock)
    for (const [nonce, until] of this.ended) if (until <= now) this.ended.delete(nonce)
    this.ended.set(claims.nonce, claims.expiresAt)
  }

  setCookie(req: FastifyRequest, reply: FastifyReply, value: string, maxAgeS: number): void {
    const secure = req.protocol === 'https' ? '; Secure' : ''
    reply.header(
      'set-cookie',
      `${this.cookie}=${value}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure}`,
    )
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const v = part.slice(eq + 1).trim()
      return v === '' ? null : v
    }
  }
  return null
}
