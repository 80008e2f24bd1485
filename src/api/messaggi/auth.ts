// Who calls the messaggisms.com API: `Authorization: Bearer <token>`, a token of this API or an
// API key of type v2 (`<user_id>:<token>` or the token alone). Failed attempts count against the
// address as on every other API, and a blocked address is refused before its credentials are read.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../errors/app-error.js'
import { normalizeAddress, type AuthGuard } from '../../services/auth-guard/auth-guard.js'
import {
  authenticateBearer,
  requireScope,
  type MessaggiCaller,
} from '../../services/messaggi/tokens.js'
import type { MessaggiScope } from '../../services/messaggi/scopes.js'
import type { ServerContext } from '../server-context.js'

declare module 'fastify' {
  interface FastifyRequest {
    messaggi: MessaggiCaller
  }
}

/** An onRequest hook: authenticates, then checks the scope the route needs (null: none). */
export function messaggiAuth(ctx: ServerContext, guard: AuthGuard, scope: MessaggiScope | null) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const ip = normalizeAddress(req.ip) ?? req.ip
    const exempt = guard.isAllowlisted(ip)
    if (!exempt) {
      const blockedMs = await guard.blockedFor('ip', ip)
      if (blockedMs > 0)
        throw new AppError(
          'IP_BLOCKED',
          { ip, retryAfter: Math.ceil(blockedMs / 1000) },
          { headers: { 'Retry-After': String(Math.ceil(blockedMs / 1000)) } },
        )
    }
    let caller: MessaggiCaller
    try {
      caller = await authenticateBearer(ctx.deps, ctx.keyCache, bearerOf(req), ip)
    } catch (e) {
      if (e instanceof AppError && e.code === 'UNAUTHENTICATED' && !exempt)
        await guard.recordFailure('ip', ip)
      throw e
    }
    req.messaggi = caller
    req.principal = caller.principal
    if (scope !== null) requireScope(caller, scope)
  }
}

function bearerOf(req: FastifyRequest): string | null {
  const raw = req.headers.authorization
  const auth = Array.isArray(raw) ? raw[0] : raw
  if (auth === undefined || !/^Bearer /i.test(auth)) return null
  return auth.slice(7).trim()
}
