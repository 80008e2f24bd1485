import { timingSafeEqual, createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../app/context.js'
import { AppError } from '../errors/app-error.js'
import type { ApiKeyType } from '../services/keys/api-key-model.js'
import { authenticate, type Credentials, type Principal } from '../services/keys/authenticate.js'
import type { AuthFailureGuard } from './ip-block.js'

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

/** An onRequest hook for the customer API; 401s count towards the IP block. */
export function customerAuth(ctx: AppContext, guard: AuthFailureGuard, types: readonly ApiKeyType[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    try {
      req.principal = await authenticate(ctx.deps, ctx.keyCache, credentialsFrom(req), req.ip, types)
    } catch (e) {
      if (e instanceof AppError && e.code === 'UNAUTHENTICATED') {
        guard.recordFailure(req.ip, ctx.deps.clock.nowMs())
      }
      throw e
    }
  }
}

/** An onRequest hook for /admin: `Authorization: Bearer <TAUBE_ADMIN_TOKEN>`. */
export function adminAuth(ctx: AppContext, guard: AuthFailureGuard) {
  const expected = ctx.config.adminToken === undefined ? null : digest(ctx.config.adminToken)
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    if (expected === null) throw new AppError('ADMIN_DISABLED')
    const auth = header(req, 'authorization') ?? ''
    const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : ''
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    if (given === '' || !timingSafeEqual(digest(given), expected)) {
      guard.recordFailure(req.ip, ctx.deps.clock.nowMs())
      throw new AppError('UNAUTHENTICATED')
    }
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}
