import { timingSafeEqual, createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from './server-context.js'
import { AppError } from '../errors/app-error.js'
import type { ApiKeyType } from '../services/keys/api-key-model.js'
import { authenticate, type Credentials, type Principal } from '../services/keys/authenticate.js'
import { normalizeAddress, type AuthGuard } from '../services/auth-guard/auth-guard.js'
import type { AuthBlockKind } from '../services/auth-guard/auth-limits.js'
import type { DashboardSessions } from './web/sessions.js'

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal
  }
}

/**
 * `X-LOX24-AUTH-TOKEN: <user_id>:<token>`, or the legacy pair with the token alone and the user
 * id in `X-LOX24-CLIENT-ID` (or `X-LOX24-AUTH-CLIENT-ID`, the release notes' spelling) (G-09).
 */
export function credentialsFrom(req: FastifyRequest): Credentials | null {
  const raw = header(req, 'x-lox24-auth-token')
  if (raw === undefined) return null
  const colon = raw.indexOf(':')
  if (colon >= 0) return { userId: raw.slice(0, colon).trim(), token: raw.slice(colon + 1).trim() }
  const client = header(req, 'x-lox24-client-id') ?? header(req, 'x-lox24-auth-client-id')
  return client === undefined ? null : { userId: client.trim(), token: raw.trim() }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/**
 * An onRequest hook for the customer API. A blocked address, or an unknown address trying a
 * locked account, gets 429 before its credentials are looked at, so a block gives a guesser no
 * answer to learn from; 401s count against the address and the claimed user id.
 */
export function customerAuth(
  ctx: ServerContext,
  guard: AuthGuard,
  types: readonly ApiKeyType[],
  /** Where the credentials are: the LOX24 headers, or a facade's own parameters. */
  credentials: (req: FastifyRequest) => Credentials | null = credentialsFrom,
  /** The dashboard's sessions (api/web/sessions.ts): a session cookie in place of a key. */
  sessions?: Pick<DashboardSessions, 'carries' | 'authenticate'>,
) {
  const warnUntrusted = untrustedProxyWarning(ctx)
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const ip = normalizeAddress(req.ip) ?? req.ip
    const exempt = guard.isAllowlisted(ip)
    if (!exempt) await refuseIfBlocked(guard, 'ip', ip)
    const creds = credentials(req)
    if (creds === null && sessions?.carries(req)) {
      req.principal = await sessions.authenticate(req, ip)
      return
    }
    const account = creds !== null && /^\d{1,10}$/.test(creds.userId) ? creds.userId : null
    if (account !== null && !exempt) {
      const lockedMs = await guard.blockedFor('account', account)
      if (lockedMs > 0 && !(await guard.isKnownAddress(Number(account), ip))) {
        throw blockError('ACCOUNT_LOCKED', { account }, lockedMs)
      }
    }
    try {
      req.principal = await authenticate(ctx.deps, ctx.keyCache, creds, ip, types)
    } catch (e) {
      if (e instanceof AppError && e.code === 'UNAUTHENTICATED' && !exempt) {
        warnUntrusted(req)
        await guard.recordFailure('ip', ip)
        if (account !== null) await guard.recordFailure('account', account)
      }
      throw e
    }
  }
}

/**
 * An onRequest hook for /admin: `Authorization: Bearer <TAUBE_ADMIN_TOKEN>`. Its failures block
 * an address for the operator API only, so customers' bad keys never lock the operator out.
 */
export function adminAuth(
  ctx: ServerContext,
  guard: AuthGuard,
  /** Where the token is: the bearer header, or the operator login's body. */
  tokenOf: (req: FastifyRequest) => string = bearerToken,
  /** The operator's dashboard sessions: the cookie in place of the token, with its CSRF token. */
  sessions?: Pick<DashboardSessions, 'carries' | 'claimsOf' | 'csrfValid'>,
) {
  const expected = ctx.config.adminToken === undefined ? null : digest(ctx.config.adminToken)
  const warnUntrusted = untrustedProxyWarning(ctx)
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    if (expected === null) throw new AppError('ADMIN_DISABLED')
    const ip = normalizeAddress(req.ip) ?? req.ip
    const exempt = guard.isAllowlisted(ip)
    if (!exempt) await refuseIfBlocked(guard, 'admin-ip', ip)
    if (header(req, 'authorization') === undefined && sessions?.carries(req)) {
      const claims = await sessions.claimsOf(req)
      if (claims === null) throw new AppError('UNAUTHENTICATED')
      if (!sessions.csrfValid(req, claims)) throw new AppError('CSRF_TOKEN_INVALID')
      return
    }
    const given = tokenOf(req)
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    if (given === '' || !timingSafeEqual(digest(given), expected)) {
      if (!exempt) {
        warnUntrusted(req)
        await guard.recordFailure('admin-ip', ip)
      }
      throw new AppError('UNAUTHENTICATED')
    }
  }
}

function bearerToken(req: FastifyRequest): string {
  const auth = header(req, 'authorization') ?? ''
  return auth.startsWith('Bearer ') ? auth.slice(7).trim() : ''
}

/**
 * Once per hook: a failure that came with X-Forwarded-For while no proxy is trusted counts
 * against the proxy's address, which every client behind it shares.
 */
function untrustedProxyWarning(ctx: ServerContext): (req: FastifyRequest) => void {
  let warned = ctx.config.trustProxy !== false
  return (req) => {
    if (warned || req.headers['x-forwarded-for'] === undefined) return
    warned = true
    ctx.log.warn(
      { ip: req.ip },
      'a failed authentication came with X-Forwarded-For, but TAUBE_TRUST_PROXY is not set: ' +
        'it counts against the proxy, so one client can block every client behind it; ' +
        'name the proxy in TAUBE_TRUST_PROXY',
    )
  }
}

async function refuseIfBlocked(guard: AuthGuard, kind: AuthBlockKind, ip: string): Promise<void> {
  const blockedMs = await guard.blockedFor(kind, ip)
  if (blockedMs > 0) throw blockError('IP_BLOCKED', { ip }, blockedMs)
}

function blockError(
  code: 'IP_BLOCKED' | 'ACCOUNT_LOCKED',
  params: Record<string, string>,
  ms: number,
): AppError {
  const retryAfter = Math.ceil(ms / 1000)
  const headers = { 'Retry-After': String(retryAfter) }
  return new AppError(code, { ...params, retryAfter }, { headers })
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}
