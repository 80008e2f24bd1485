import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { customerAuth } from '../auth.js'
import { errorResponses } from '../lox24/responses.js'
import { documentAuth } from '../openapi.js'
import { SESSION_TTL_S, type DashboardSessions } from './sessions.js'
import type { SessionClaims } from './session-token.js'
import { sessionReadAndEnd } from './session-read-end.js'

const LoginBody = Type.Object(
  {
    user_id: Type.String({
      pattern: '^[1-9][0-9]{0,9}$',
      description: 'The account id',
      examples: ['1234567'],
    }),
    key: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'An API key of type v2',
      examples: ['e3f3a759b6677959b6ebfc0123456789'],
    }),
  },
  { additionalProperties: false },
)
type LoginBody = Static<typeof LoginBody>

const SessionResource = Type.Object({
  user_id: Type.Integer(),
  key_id: Type.Integer({ description: 'The API key the session logged in with' }),
  csrf_token: Type.String({ description: 'To be sent as X-CSRF-Token with every API request' }),
  expires_at: Type.Integer({ description: 'Unix seconds; log in again after it' }),
})

const tags = ['Dashboard session']

/**
 * The dashboard's session login (docs/decisions.md, "Web dashboard"): the user id and an API key
 * in, a session cookie out. Wrong credentials count against the address and the user id as they
 * do on the API (api/auth.ts), so the login is as hard to flood as the API itself.
 */
export async function sessionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
  sessions: DashboardSessions,
): Promise<void> {
  const answer = (claims: SessionClaims) => ({
    user_id: claims.accountId,
    key_id: claims.keyId,
    csrf_token: sessions.csrfToken(claims),
    expires_at: claims.expiresAt,
  })

  await app.register(async (login) => {
    documentAuth(login, 'login', 'application/json')
    login.post<{ Body: LoginBody }>(
      '/session',
      {
        schema: {
          tags,
          summary: 'Log in to the dashboard',
          description:
            'Answers the session cookie (HttpOnly, SameSite=Strict) and its CSRF token. ' +
            'The customer API takes the cookie in place of X-LOX24-AUTH-TOKEN, with the token ' +
            'in X-CSRF-Token.',
          body: LoginBody,
          response: { 200: SessionResource, ...errorResponses(400, 401, 403, 413, 415, 422, 429) },
        },
      },
      async (req, reply) => {
        const { user_id, key } = req.body
        await customerAuth(ctx, guard, ['v2'], () => ({ userId: user_id, token: key }))(req, reply)
        const issued = sessions.issue(req.principal)
        sessions.setCookie(req, reply, issued.cookie, SESSION_TTL_S)
        reply.header('cache-control', 'no-store')
        return answer(issued.claims)
      },
    )
  })

  await sessionReadAndEnd(app, {
    path: '/session',
    scheme: 'session',
    sessions,
    resource: SessionResource,
    answer,
    what: { read: 'The current dashboard session', end: 'Log out of the dashboard' },
  })
}
