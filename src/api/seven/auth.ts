// Who calls the seven.io API: the key in `X-Api-Key` (or `Authorization: Bearer`, which the
// official client sends for keys given as "Bearer …"), or the legacy `p` in the query or body.
// Keys of type seven or v2. Each refusal in seven's codes: 900 authentication, 903 address not
// in the key's list, 902 endpoint not among the key's rights, 901 signature (keys with a
// signing secret sign every request, as @seven.io/client does, and each nonce counts once).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { AppError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { normalizeAddress, type AuthGuard } from '../../services/auth-guard/auth-guard.js'
import type { SevenEndpoint } from '../../services/keys/api-key-model.js'
import { authenticateToken } from '../../services/keys/authenticate.js'
import { spendNonce } from '../../services/keys/request-nonces.js'
import { rawBodyOf } from './body.js'
import { SevenError } from './codes.js'
import { SIGNATURE_WINDOW_S, signatureProblem } from './signature.js'

export type { SevenEndpoint }

const KEY_TYPES = ['seven', 'v2'] as const

/**
 * A hook that authenticates the caller for one endpoint of the seven.io API and sets
 * `req.principal`; it throws a SevenError. Use it as the route's `preValidation` (the legacy `p`
 * may be in a form body, and the signature covers the body: it runs once the body is read, and
 * before the parameters are validated, so a caller without a key learns nothing of them).
 */
export function sevenAuth(ctx: ServerContext, guard: AuthGuard, endpoint: SevenEndpoint) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const ip = normalizeAddress(req.ip) ?? req.ip
    const exempt = guard.isAllowlisted(ip)
    if (!exempt) {
      const blockedMs = await guard.blockedFor('ip', ip)
      if (blockedMs > 0) {
        const retryAfter = String(Math.ceil(blockedMs / 1000))
        throw new SevenError(900, `too many failed authentications from ${ip}`, {
          status: 429,
          headers: { 'Retry-After': retryAfter },
        })
      }
    }
    try {
      req.principal = await authenticateToken(ctx.deps, ctx.keyCache, apiKeyOf(req), ip, KEY_TYPES)
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      if (e.code === 'IP_NOT_ALLOWED') throw new SevenError(903, e.message)
      if (e.code === 'UNAUTHENTICATED' && !exempt) await guard.recordFailure('ip', ip)
      throw new SevenError(900, e.message)
    }
    const { key } = req.principal
    if (key.endpoints !== null && !key.endpoints.includes(endpoint))
      throw new SevenError(902, `the API key may not call /api/${endpoint}`)
    if (key.signingSecret !== null) await checkSignature(ctx, req, key.id, key.signingSecret)
  }
}

/** The key as the caller gave it: header first, then the legacy `p`. */
export function apiKeyOf(req: FastifyRequest): string | null {
  const header = first(req.headers['x-api-key'])
  if (header !== undefined && header.trim() !== '') return header.trim()
  const auth = first(req.headers.authorization)
  if (auth !== undefined && /^Bearer /i.test(auth)) return auth.slice(7).trim()
  const p = field(req.query, 'p') ?? field(req.body, 'p')
  return p === undefined ? null : p.trim()
}

async function checkSignature(
  ctx: ServerContext,
  req: FastifyRequest,
  keyId: number,
  secret: string,
): Promise<void> {
  const nowS = unixSeconds(ctx.deps.clock)
  const nonce = first(req.headers['x-nonce'])
  const problem = signatureProblem(
    secret,
    {
      timestamp: first(req.headers['x-timestamp']),
      nonce,
      signature: first(req.headers['x-signature']),
      method: req.method,
      urls: signedUrls(req),
      body: rawBodyOf(req),
    },
    nowS,
  )
  if (problem !== null) throw new SevenError(901, problem)
  // Kept while a request with this timestamp would still be let in.
  const keepUntil = Number(first(req.headers['x-timestamp'])) + SIGNATURE_WINDOW_S
  if (!(await spendNonce(ctx.deps, keyId, nonce!, keepUntil)))
    throw new SevenError(901, 'X-Nonce was used before: a request counts once')
}

/**
 * The client signs the URL it called. Behind a TLS-terminating proxy that is not named in
 * TAUBE_TRUST_PROXY this server sees http where the client wrote https: both schemes are tried;
 * host, path, query and body are bound by the signature either way.
 */
function signedUrls(req: FastifyRequest): string[] {
  const rest = `${req.host}${req.url}`
  const other = req.protocol === 'https' ? 'http' : 'https'
  return [`${req.protocol}://${rest}`, `${other}://${rest}`]
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}

function field(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined
  const v = (source as Record<string, unknown>)[name]
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
}
