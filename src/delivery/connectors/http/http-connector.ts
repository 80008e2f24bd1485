import type { Logger } from 'pino'
import { Agent, request } from 'undici'
import type { ConnectorSink, ConnectorStats, OutboundMessage, SubmitOutcome } from '../connector.js'
import { TokenBucket } from '../../../smpp/token-bucket.js'
import { parseCallback, parseMoCallback, type HttpCallbackConnector } from './http-callback.js'
import { resolveHttpConfig, type HttpConnectorConfig } from './http-config.js'
import { buildCarrierRequest, extractCarrierId } from './http-request.js'

/** How long stop() lets requests in flight finish before it aborts them. */
const STOP_GRACE_MS = 5_000
/** Enough of an answer to find an id in; a carrier sending more is not read further. */
const MAX_ANSWER_CHARS = 64 * 1024

/**
 * A carrier with an HTTP API: one request per message (the carrier splits long texts itself),
 * at most `maxConcurrent` at once and `throughputPerS` a second. Receipts arrive as callbacks
 * through handleCallback().
 */
export function createHttpConnector(
  id: string,
  raw: HttpConnectorConfig,
  sink: ConnectorSink,
  log: Logger,
): HttpCallbackConnector {
  const config = resolveHttpConfig(raw)
  const bucket =
    config.throughputPerS === null ? null : new TokenBucket(config.throughputPerS, 1, Date.now())
  const stats = { submitted: 0, acknowledged: 0, failed: 0 }
  const inFlight = new Set<Promise<unknown>>()
  const waiting: (() => void)[] = []
  // Wakes those sleeping until a token is due: stop() calls them, so a submit waiting for the
  // rate answers retry at once instead of holding stop() up (100 s a message at 0.01/s).
  const sleepers = new Set<() => void>()
  let active = 0
  let up = false
  let agent: Agent | null = null
  let stopping = new AbortController()

  // A slot is handed straight to the next waiter, so `active` never dips and lets a newcomer jump.
  const acquire = async (): Promise<void> => {
    if (active < config.maxConcurrent) {
      active++
      return
    }
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = (): void => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  const paced = async (): Promise<void> => {
    if (!bucket) return
    while (up && !bucket.tryTake(Date.now())) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer)
          sleepers.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, bucket.waitMs(Date.now()))
        sleepers.add(wake)
      })
    }
  }

  const send = async (m: OutboundMessage): Promise<SubmitOutcome> => {
    const req = buildCarrierRequest(config, m)
    const timeout = AbortSignal.timeout(config.timeoutMs)
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        dispatcher: agent!,
        signal: AbortSignal.any([timeout, stopping.signal]),
      })
      const answer = (await res.body.text()).slice(0, MAX_ANSWER_CHARS)
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const carrierId = extractCarrierId(config.idFrom, answer, m.smsId)
        if (carrierId === null) {
          log.warn(
            { smsId: m.smsId, answer: answer.slice(0, 200) },
            'no message id in the carrier answer',
          )
          return {
            ok: false,
            retry: true,
            code: 'BAD_CARRIER_RESPONSE',
            detail: answer.slice(0, 200),
          }
        }
        return { ok: true, carrierIds: [carrierId] }
      }
      const code = `HTTP_${res.statusCode}`
      const detail = answer.slice(0, 200)
      if (config.isPermanent(res.statusCode))
        return { ok: false, retry: false, code, ...(detail ? { detail } : {}) }
      const retryAfterMs = retryAfter(res.headers['retry-after'])
      return {
        ok: false,
        retry: true,
        code,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      }
    } catch (err) {
      if (timeout.aborted || isTimeout(err)) return { ok: false, retry: true, code: 'TIMEOUT' }
      if (stopping.signal.aborted)
        return { ok: false, retry: true, code: 'LINK_DOWN', detail: 'connector stopped' }
      log.debug({ err, smsId: m.smsId }, 'carrier request failed')
      return {
        ok: false,
        retry: true,
        code: 'CONNECTION_ERROR',
        detail: (err as Error).message.slice(0, 200),
      }
    }
  }

  return {
    id,
    async start() {
      stopping = new AbortController()
      agent = new Agent({
        connections: config.maxConcurrent,
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
        connectTimeout: config.timeoutMs,
      })
      up = true
    },
    async stop() {
      up = false
      // Wake those waiting for a slot or a token: they see `up` is false and answer retry.
      for (const w of waiting.splice(0)) {
        active++
        w()
      }
      for (const wake of [...sleepers]) wake()
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise(
        (r) => (timer = setTimeout(r, Math.min(STOP_GRACE_MS, config.timeoutMs))),
      )
      await Promise.race([Promise.allSettled([...inFlight]), grace])
      clearTimeout(timer)
      stopping.abort()
      await Promise.allSettled([...inFlight])
      await agent?.close().catch(() => undefined)
      agent = null
    },
    isUp: () => up,
    async submit(m: OutboundMessage): Promise<SubmitOutcome> {
      stats.submitted++
      if (!up) return { ok: false, retry: true, code: 'LINK_DOWN' }
      if (m.binary) {
        // Carrier HTTP APIs take text; there is no common way to pass 8-bit data and a UDH.
        stats.failed++
        return { ok: false, retry: false, code: 'BINARY_NOT_SUPPORTED' }
      }
      await acquire()
      const work = (async (): Promise<SubmitOutcome> => {
        try {
          await paced()
          if (!up) return { ok: false, retry: true, code: 'LINK_DOWN' }
          return await send(m)
        } finally {
          release()
        }
      })()
      inFlight.add(work)
      const outcome = await work.finally(() => inFlight.delete(work))
      if (outcome.ok) stats.acknowledged++
      else stats.failed++
      return outcome
    },
    async handleCallback(params) {
      const parsed = parseCallback(config, params)
      if (!parsed.ok) return parsed
      await sink.report(id, parsed.report)
      return { ok: true }
    },
    async handleMo(params) {
      const parsed = parseMoCallback(config, params, Date.now())
      if (!parsed.ok) return parsed
      await sink.mo(id, parsed.mo)
      return { ok: true }
    },
    stats(): ConnectorStats {
      return {
        ...stats,
        inFlight: inFlight.size,
        window: config.maxConcurrent,
        ratePerS: config.throughputPerS,
        up,
      }
    },
  }
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; code?: string }
  return (
    e?.name === 'TimeoutError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.code === 'UND_ERR_BODY_TIMEOUT' ||
    e?.code === 'UND_ERR_CONNECT_TIMEOUT'
  )
}

/** Retry-After in seconds (the form carriers use); dates are ignored. */
function retryAfter(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined
  return Math.min(3_600_000, Number(v) * 1000)
}
