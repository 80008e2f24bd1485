import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app/context.js'
import { AppError } from '../errors/app-error.js'

export function healthRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => {
      try {
        await sql`select 1`.execute(ctx.deps.db)
      } catch {
        throw new AppError('UNAVAILABLE', { detail: 'database unreachable' })
      }
      return { status: 'ok' }
    })
  }
}
