// The messaggisms.com-compatible API (spec compat.md §2), under /messaggi: a customer moves by
// setting the base URL to https://<gateway>/messaggi (for https://ws.messaggisms.com) and using
// a bearer token. Under that prefix every answer is the envelope, unknown routes included; the
// LOX24 routes at the root stay as they are. The room translates; services/messaggi decides.
import type { FastifyInstance } from 'fastify'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { documentAuth } from '../openapi.js'
import type { ServerContext } from '../server-context.js'
import { installEnvelopeErrors } from './envelope.js'
import { messageRoutes } from './message-routes.js'
import { tokenRoutes } from './token-routes.js'

export const MESSAGGI_PREFIX = '/messaggi'

export async function messaggiRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  installEnvelopeErrors(app, ctx.deps)
  documentAuth(app, 'messaggi', 'application/json')
  await tokenRoutes(app, ctx, guard)
  await messageRoutes(app, ctx, guard)
}
