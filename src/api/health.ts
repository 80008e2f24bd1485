import type { FastifyInstance } from 'fastify'
import type { ServerContext } from './server-context.js'
import { AppError } from '../errors/app-error.js'
import { checkHealth, checkReadiness, type Readiness } from '../services/health.js'
import { metricsRoute } from './metrics-route.js'

export function healthRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async () => {
      const health = await checkHealth(ctx.deps)
      if (!health.database) throw new AppError('UNAVAILABLE', { detail: 'database unreachable' })
      return { status: 'ok' }
    })

    // Alive is not ready: /healthz says the process answers, /readyz whether it should be sent
    // traffic. Connectors are reported only; a carrier down makes messages wait, not fail.
    app.get('/readyz', { schema: { hide: true } }, async () => {
      const delivery = ctx.delivery
      const r = await checkReadiness(
        ctx.deps,
        delivery.local ? (id) => delivery.connectorState(id) : undefined,
      )
      if (!r.ready) throw new AppError('NOT_READY', { detail: failedChecks(r) })
      return { status: 'ready', checks: r.checks }
    })

    // With a listener of its own (metrics-server.ts), the API port does not serve metrics.
    if (ctx.config.metricsListen === undefined)
      await app.register(metricsRoute(ctx, { dedicated: false }))
  }
}

/** The failed checks, in words: the 503's description. */
function failedChecks(r: Readiness): string {
  const { store, migrations } = r.checks
  const failed: string[] = []
  if (!store.ok) failed.push(`store unreachable (${store.detail ?? 'no answer'})`)
  else if (migrations.pending.length > 0) {
    failed.push(`migrations pending: ${migrations.pending.join(', ')} (run taube migrate)`)
  } else if (!migrations.ok) failed.push(`migrations unknown (${migrations.detail ?? 'no answer'})`)
  return failed.join('; ')
}
