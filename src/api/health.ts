import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app/context.js'
import { AppError } from '../errors/app-error.js'
import { checkHealth } from '../services/health.js'

export function healthRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => {
      const health = await checkHealth(ctx.deps)
      if (!health.database) throw new AppError('UNAVAILABLE', { detail: 'database unreachable' })
      return { status: 'ok' }
    })

    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      if (!ctx.metrics) throw new AppError('UNAVAILABLE', { detail: 'no metrics in this process' })
      const m = await ctx.metrics()
      return reply.type(m.contentType).send(m.body)
    })
  }
}
