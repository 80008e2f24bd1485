import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../../errors/app-error.js'
import { errorResponses } from '../lox24/responses.js'
import { documentAuth } from '../openapi.js'
import type { DashboardSessions } from './sessions.js'
import type { SessionClaims } from './session-token.js'

/**
 * `GET` (the live session, or 401 and the cookie cleared) and `DELETE` (logout: needs the
 * session's CSRF token; 204 also without a live session) of a session path, for the customer's
 * and the operator's session alike.
 */
export async function sessionReadAndEnd(
  app: FastifyInstance,
  o: {
    path: string
    scheme: Parameters<typeof documentAuth>[1]
    sessions: DashboardSessions
    resource: TSchema
    answer: (claims: SessionClaims) => unknown
    what: { read: string; end: string }
  },
): Promise<void> {
  const { sessions } = o
  const tags = ['Dashboard session']
  await app.register(async (session) => {
    documentAuth(session, o.scheme, 'application/json')
    session.get(
      o.path,
      {
        schema: {
          tags,
          summary: o.what.read,
          response: { 200: o.resource, ...errorResponses(401, 403, 429) },
        },
      },
      async (req, reply) => {
        const claims = await sessions.claimsOf(req)
        if (claims === null) {
          if (sessions.carries(req)) sessions.setCookie(req, reply, '', 0)
          throw new AppError('UNAUTHENTICATED')
        }
        reply.header('cache-control', 'no-store')
        return o.answer(claims)
      },
    )
    session.delete(
      o.path,
      {
        schema: {
          tags,
          summary: o.what.end,
          description: 'Ends the session; needs its X-CSRF-Token. Without a live session: 204.',
          response: {
            204: Type.Null({ description: 'Logged out' }),
            ...errorResponses(401, 403, 429),
          },
        },
      },
      async (req, reply) => {
        const claims = await sessions.claimsOf(req)
        if (claims !== null) {
          if (!sessions.csrfValid(req, claims)) throw new AppError('CSRF_TOKEN_INVALID')
          await sessions.end(claims)
        }
        sessions.setCookie(req, reply, '', 0)
        return reply.status(204).send()
      },
    )
  })
}
