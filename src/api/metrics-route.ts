import { timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from './server-context.js'
import { AppError } from '../errors/app-error.js'
import { peerAddress } from './connection-limit.js'

/** Headers a proxy adds: a request carrying one came through a proxy, not from this host. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip']

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false
  if (address === '::1') return true
  return isIP(address) === 4 && address.startsWith('127.')
}

/**
 * A client on this host: the TCP peer is a loopback address (never `req.ip`, which the proxy
 * settings derive from headers a client writes) and the request names no forwarded client.
 */
export function isLocalRequest(req: FastifyRequest): boolean {
  if (!isLoopback(peerAddress(req.raw.socket))) return false
  return !FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined)
}

function hasToken(req: FastifyRequest, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '')
  const wanted = Buffer.from(`Bearer ${token}`)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

/**
 * Who may read /metrics (it names connectors and counts traffic). On the API port: local
 * clients, and others with TAUBE_METRICS_TOKEN. On a listener of its own (TAUBE_METRICS_LISTEN,
 * `dedicated`): everyone who reaches it, unless a token is set, which then applies as above.
 */
export function checkMetricsAccess(
  req: FastifyRequest,
  opts: { token?: string | undefined; dedicated: boolean },
): void {
  if (isLocalRequest(req)) return
  if (opts.token === undefined) {
    if (opts.dedicated) return
    throw new AppError('METRICS_FORBIDDEN')
  }
  if (!hasToken(req, opts.token)) {
    const headers = { 'WWW-Authenticate': 'Bearer realm="metrics"' }
    throw new AppError('UNAUTHENTICATED', {}, { headers })
  }
}

/** GET /metrics: the Prometheus exposition of this process, behind checkMetricsAccess. */
export function metricsRoute(
  ctx: Pick<ServerContext, 'config' | 'metrics'>,
  opts: { dedicated: boolean },
) {
  return async (app: FastifyInstance) => {
    app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
      checkMetricsAccess(req, { token: ctx.config.metricsToken, dedicated: opts.dedicated })
      return reply.type(ctx.metrics.contentType).send(await ctx.metrics.text())
    })
  }
}
