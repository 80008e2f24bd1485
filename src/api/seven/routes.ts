// The seven.io-compatible API (spec compat.md §1): `/api/...` as gateway.seven.io serves it, so a
// seven customer moves by changing the base URL and the key. Each surface translates into the
// gateway's own services; the room holds no sending logic of its own.
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { documentAuth } from '../openapi.js'
import { installSevenBodyParsers } from './body.js'
import { sevenErrorHandler } from './answer.js'
import { sevenSmsRoutes } from './sms-routes.js'
import { balanceRoutes } from './balance.js'
import { hookRoutes } from './hooks.js'
import { statusRoutes } from './status.js'

export async function sevenRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  installSevenBodyParsers(app)
  app.setErrorHandler(sevenErrorHandler)
  documentAuth(app, 'seven', 'text/plain')
  await sevenSmsRoutes(app, ctx, guard)
  await balanceRoutes(app, ctx, guard)
  await statusRoutes(app, ctx, guard)
  await hookRoutes(app, ctx, guard)
}
