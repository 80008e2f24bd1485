// POST/GET/DELETE /tokens: the bearer tokens of the messaggisms.com API.
import type { FastifyInstance } from 'fastify'
import { validationError } from '../../errors/app-error.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import {
  createMessaggiToken,
  deleteMessaggiToken,
  listMessaggiTokens,
} from '../../services/messaggi/tokens.js'
import type { ServerContext } from '../server-context.js'
import { messaggiAuth } from './auth.js'
import { ErrorEnvelope, sendEnvelope } from './envelope.js'
import { DeletedAnswer, NewTokenAnswer, TokenBody, TokenIdParams, TokensAnswer } from './schemas.js'
import { results, tokenView } from './views.js'

const tags = ['messaggisms.com']
const failures = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope }

export async function tokenRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  app.post<{ Body: TokenBody }>(
    '/tokens',
    {
      onRequest: messaggiAuth(ctx, guard, null),
      schema: {
        tags,
        summary: 'Create a bearer token (messaggisms.com)',
        description:
          'A token with a name, an expiry (`expires_at`: unix seconds or an ISO date; absent or ' +
          'null: never) and scopes (`messages:read`, `messages:write`). The token is in ' +
          '`data.token`, shown this once; only its hash is stored. A token may make tokens with ' +
          'the scopes it holds and no longer-lived than itself.',
        body: TokenBody,
        response: { 200: NewTokenAnswer, 422: ErrorEnvelope, ...failures },
      },
    },
    async (req, reply) => {
      const { token, secret } = await createMessaggiToken(ctx.deps, req.messaggi, {
        name: req.body.name,
        expiresAt: expiryOf(req.body.expires_at),
        scopes: req.body.scopes,
      })
      return sendEnvelope(ctx.deps, req, reply, {
        data: { ...tokenView(token), token: secret },
        message: 'Token Created',
      })
    },
  )
  app.get(
    '/tokens',
    {
      onRequest: messaggiAuth(ctx, guard, null),
      schema: {
        tags,
        summary: "The account's bearer tokens (messaggisms.com)",
        response: { 200: TokensAnswer, ...failures },
      },
    },
    async (req, reply) => {
      const list = await listMessaggiTokens(ctx.deps, req.principal.account.id)
      return sendEnvelope(ctx.deps, req, reply, {
        data: list.map(tokenView),
        message: results(list.length),
      })
    },
  )
  app.delete<{ Params: { id: string } }>(
    '/tokens/:id',
    {
      onRequest: messaggiAuth(ctx, guard, 'messages:write'),
      schema: {
        tags,
        summary: 'Delete a bearer token (messaggisms.com)',
        description: 'Needs `messages:write` (or an API key); the token stops working at once.',
        params: TokenIdParams,
        response: { 200: DeletedAnswer, ...failures },
      },
    },
    async (req, reply) => {
      const { id } = req.params
      const n = /^\d{1,15}$/.test(id) ? Number(id) : 0
      await deleteMessaggiToken(ctx.deps, req.principal.account.id, n, id)
      return sendEnvelope(ctx.deps, req, reply, { data: [], message: `${id} Deleted` })
    },
  )
}

/** Unix seconds from the request's `expires_at`; a date without a zone is UTC. */
function expiryOf(v: TokenBody['expires_at']): number | null {
  if (v === undefined || v === null) return null
  if (typeof v === 'number') return v
  const iso = v.replace(' ', 'T')
  const zoned = /T/.test(iso) && !/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? `${iso}Z` : iso
  const ms = Date.parse(zoned)
  if (!Number.isFinite(ms))
    throw validationError([{ propertyPath: 'expires_at', message: 'is not a valid date' }])
  return Math.floor(ms / 1000)
}
