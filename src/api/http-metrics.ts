import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Counter, Histogram, Registry } from 'prom-client'
import type { MetricSources } from '../shared/metric-sources.js'
import { errorCodeOf } from './errors.js'

/** Methods named as they are; anything else a client sends counts as OTHER. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** Requests no route took (404, 405): one label, whatever URL was asked. */
const UNMATCHED = 'unmatched'

/** Seconds; from a cached answer to a slow bulk upload. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

type HttpMetrics = {
  registry: Registry
  requests: Counter<'method' | 'route' | 'status'>
  duration: Histogram<'method' | 'route' | 'status'>
  smsAccepted: Counter
  smsRefused: Counter<'reason'>
}

// One set per process, shared by every server built on the context (the API port, the
// listener of its own for /metrics).
const perProcess = new WeakMap<MetricSources, HttpMetrics>()

function httpMetrics(sources: MetricSources): HttpMetrics {
  const known = perProcess.get(sources)
  if (known) return known
  const registry = new Registry()
  const labelNames = ['method', 'route', 'status'] as const
  const m: HttpMetrics = {
    registry,
    requests: new Counter({
      name: 'taube_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'taube_http_request_duration_seconds',
      help: 'Time from the request to its answer, by method, route pattern and status',
      labelNames,
      buckets: BUCKETS,
      registers: [registry],
    }),
    smsAccepted: new Counter({
      name: 'taube_sms_accepted_total',
      help: 'SMS accepted by POST /sms (an idempotent replay is not counted again)',
      registers: [registry],
    }),
    smsRefused: new Counter({
      name: 'taube_sms_refused_total',
      help: 'SMS refused by POST /sms, by the error code of the answer',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  }
  perProcess.set(sources, m)
  sources.set('http', registry)
  return m
}

function countSms(m: HttpMetrics, reply: FastifyReply): void {
  if (reply.statusCode === 201) {
    if (reply.getHeader('Idempotent-Replayed') === undefined) m.smsAccepted.inc()
  } else if (reply.statusCode >= 400) {
    m.smsRefused.inc({ reason: errorCodeOf(reply) ?? `HTTP_${reply.statusCode}` })
  }
}

/** Counts an answer made before Fastify saw the request (links/redirect-fast-lane.ts). */
export function countAnswerOutsideFastify(sources: MetricSources) {
  const m = httpMetrics(sources)
  return (method: string, route: string, status: number, seconds: number): void => {
    const labels = { method, route, status: String(status) }
    m.requests.inc(labels)
    m.duration.observe(labels, seconds)
  }
}

/**
 * Counts every answer and its latency by the route's pattern (`/sms/:uuid`), never the URL
 * asked: ids and typos would make a series each. POST /sms also counts the SMS it took or refused.
 */
export function installHttpMetrics(app: FastifyInstance, sources: MetricSources): void {
  const m = httpMetrics(sources)
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeOptions.url ?? UNMATCHED
    const method = METHODS.has(req.method) ? req.method : 'OTHER'
    const labels = { method, route, status: String(reply.statusCode) }
    m.requests.inc(labels)
    m.duration.observe(labels, reply.elapsedTime / 1000)
    if (method === 'POST' && route === '/sms') countSms(m, reply)
  })
}
