import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { adminAuth } from '../auth.js'
import { errorResponses } from '../lox24/responses.js'
import { documentAuth } from '../openapi.js'
import { SESSION_TTL_S, type DashboardSessions } from './sessions.js'
import type { SessionClaims } from './session-token.js'
import { sessionReadAndEnd } from './session-read-end.js'

const LoginBody = Type.Object(
  {
    token: Type.String({
      minLength: 1,
      maxLength: 1024,
      description: 'The operator token, TAUBE_ADMIN_TOKEN',
      examples: ['a-long-random-admin-secret'],
    }),
  },
  { additionalProperties: false },
)
type LoginBody = Static<typeof LoginBody>

const OperatorSession = Type.Object({
  csrf_token: Type.String({ description: 'To be sent as X-CSRF-Token with every /admin request' }),
  expires_at: Type.Integer({ description: 'Unix seconds; log in again after it' }),
})

const tags = ['Dashboard session']

/**
 * The operator console's login (docs/decisions.md, "Operator console"): the admin token in, an
 * operator session cookie out, which /admin accepts with its CSRF token. Wrong tokens count
 * against the address as on /admin itself, so the login is as hard to flood as the operator API.
 */
export async function operatorSessionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
  sessions: DashboardSessions,
): Promise<void> {
  const answer = (claims: SessionClaims) => ({
    csrf_token: sessions.csrfToken(claims),
    expires_at: claims.expiresAt,
  })
  const checkToken = adminAuth(ctx, guard, (req) => (req.body as LoginBody).token)

  await app.register(async (login) => {
    documentAuth(login, 'operatorLogin', 'application/json')
    login.post<{ Body: LoginBody }>(
      '/operator/session',
      {
        schema: {
          tags,
          summary: 'Log in to the operator console',
          description:
            'Answers the operator session cookie (HttpOnly, SameSite=Strict) and its CSRF token. ' +
            'The operator API takes the cookie in place of the bearer token, with the token in ' +
            'X-CSRF-Token.',
          body: LoginBody,
          response: { 200: OperatorSession, ...errorResponses(400, 401, 403, 413, 415, 422, 429) },
        },
      },
      async (req, reply) => {
        await checkToken(req, reply)
        const issued = sessions.issueFor(0, 0)
        sessions.setCookie(req, reply, issued.cookie, SESSION_TTL_S)
        reply.header('cache-control', 'no-store')
        return answer(issued.claims)
      },
    )
  })

  await sessionReadAndEnd(app, {
    path: '/operator/session',
    scheme: 'operatorSession',
    sessions,
    resource: OperatorSession,
    answer,
    what: { read: 'The current operator session', end: 'Log out of the operator console' },
  })
}
