import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { ServerContext } from './server-context.js'
import { installErrorHandling } from './errors.js'
import { httpEdge } from './http-edge.js'
import { metricsRoute } from './metrics-route.js'
import { requestIdFor } from './request-id.js'

/** `host:port` or `[v6]:port` of TAUBE_METRICS_LISTEN. */
export function parseListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':')
  return { host: listen.slice(0, i).replace(/^\[(.*)\]$/, '$1'), port: Number(listen.slice(i + 1)) }
}

/**
 * /metrics on an address of its own (TAUBE_METRICS_LISTEN), e.g. a private interface the
 * scraper reaches and customers do not; the API port then serves no metrics.
 */
export async function startMetricsServer(
  ctx: Pick<ServerContext, 'config' | 'log' | 'metrics'>,
  listen: string,
): Promise<{ app: FastifyInstance; url: string }> {
  const edge = httpEdge(ctx.config, ctx.log as FastifyBaseLogger)
  const app = Fastify({
    ...edge.serverOptions,
    loggerInstance: ctx.log as FastifyBaseLogger,
    genReqId: requestIdFor,
  })
  edge.install(app)
  installErrorHandling(app)
  await app.register(metricsRoute(ctx, { dedicated: true }))
  const { host, port } = parseListen(listen)
  await app.listen({ host, port })
  const address = app.server.address()
  const bound = typeof address === 'object' && address !== null ? address.port : port
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` }
}
