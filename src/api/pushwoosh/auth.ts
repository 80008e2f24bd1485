// Who calls the Pushwoosh API: `application` and `auth` in the request (or `Authorization: Token
// …`). A blocked address is refused before anything is looked at; a wrong pair counts against the
// address, as every failed authentication does.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { AppError } from '../../errors/app-error.js'
import { normalizeAddress, type AuthGuard } from '../../services/auth-guard/auth-guard.js'
import {
  authenticateApplication,
  type ApplicationPrincipal,
} from '../../services/pushwoosh/authenticate-application.js'
import { ACCESS_DENIED, PushwooshError } from './answer.js'
import { authOf, requestOf, requiredText } from './request.js'

const callers = new WeakMap<FastifyRequest, ApplicationPrincipal>()

/** The application the request was authenticated for (set by pushwooshAuth). */
export function callerOf(req: FastifyRequest): ApplicationPrincipal {
  const c = callers.get(req)
  if (c === undefined) throw new Error('pushwooshAuth did not run for this route')
  return c
}

/** A preHandler: the body is read, so `application` and `auth` can be. */
export function pushwooshAuth(ctx: ServerContext, guard: AuthGuard) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const ip = normalizeAddress(req.ip) ?? req.ip
    const exempt = guard.isAllowlisted(ip)
    if (!exempt) {
      const blockedMs = await guard.blockedFor('ip', ip)
      if (blockedMs > 0) {
        const retryAfter = String(Math.ceil(blockedMs / 1000))
        throw new PushwooshError(
          `Too many failed authentications from ${ip}; retry in ${retryAfter} s`,
          429,
          429,
          { 'Retry-After': retryAfter },
        )
      }
    }
    const r = requestOf(req.body)
    const application = requiredText(r, 'application', 'the application code', 100)
    const auth = authOf(req, r)
    if (auth === null)
      throw new PushwooshError(
        'Invalid auth. "auth" is required: the API access token (or the header Authorization: Token …).',
      )
    try {
      const caller = await authenticateApplication(
        ctx.deps,
        ctx.keyCache,
        { application, auth },
        ip,
      )
      callers.set(req, caller)
      req.principal = caller.principal
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      if (e.code !== 'UNAUTHENTICATED') throw new PushwooshError(e.message)
      if (!exempt) await guard.recordFailure('ip', ip)
      throw new PushwooshError(ACCESS_DENIED)
    }
  }
}
