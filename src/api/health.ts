import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app/context.js'
import { AppError } from '../errors/app-error.js'
import { checkHealth } from '../services/health.js'
import { metricsRoute } from './metrics-route.js'

export function healthRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => {
      const health = await checkHealth(ctx.deps)
      if (!health.database) throw new AppError('UNAVAILABLE', { detail: 'database unreachable' })
      return { status: 'ok' }
    })

    // With a listener of its own (metrics-server.ts), the API port does not serve metrics.
    if (ctx.config.metricsListen === undefined) await app.register(metricsRoute(ctx, { dedicated: false }))
  }
}
