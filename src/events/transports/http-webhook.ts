// Webhook POSTs and legacy GETs over one undici Agent whose every connection passes the SSRF guard.
import { isIP } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Agent, buildConnector, request } from 'undici'
import { guardedLookup, isPrivateAddress, privateTargetError } from '../ssrf-guard.js'
import type { AttemptResult } from './attempt.js'

export type HttpTransportOptions = { timeoutMs: number; allowPrivate: boolean; userAgent?: string }

export type HttpTransport = {
  post(url: string, body: string, headers: Record<string, string>): Promise<AttemptResult>
  get(url: string, headers?: Record<string, string>): Promise<AttemptResult>
  close(): Promise<void>
}

// A receiver's answer is not read, only drained; past this much the connection is dropped instead.
const MAX_DRAIN_BYTES = 64 * 1024
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
])

export function createHttpTransport(opts: HttpTransportOptions): HttpTransport {
  const { timeoutMs, allowPrivate, userAgent = 'Taube-Webhooks/1' } = opts
  // undici 7 follows no redirects unless given the redirect interceptor, which we leave out.
  const agent = new Agent({
    connect: guardedConnector(allowPrivate, timeoutMs),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })

  async function send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<AttemptResult> {
    const started = performance.now()
    const done = (r: Omit<AttemptResult, 'latencyMs'>) => ({
      ...r,
      latencyMs: Math.round(performance.now() - started),
    })
    if (!isHttpUrl(url)) return done({ ok: false, status: null, error: 'EINVALIDURL' })

    // One deadline for connect, headers and body together; undici's own timeouts are per phase.
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), timeoutMs)
    try {
      const res = await request(url, {
        dispatcher: agent,
        method,
        headers: { 'user-agent': userAgent, ...lowerCased(headers) },
        body: body ?? null,
        signal: abort.signal,
      })
      // The status decides; a body that stalls or overflows only costs the connection.
      await res.body.dump({ limit: MAX_DRAIN_BYTES, signal: abort.signal }).catch(() => {})
      const ok = res.statusCode >= 200 && res.statusCode < 300
      return done({ ok, status: res.statusCode, error: null })
    } catch (err) {
      const error = abort.signal.aborted ? 'timeout' : errorCode(err)
      return done({ ok: false, status: null, error })
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    // Last, so it replaces whatever content type the caller named, in any spelling.
    post: (url, body, headers) =>
      send('POST', url, { ...headers, 'content-type': 'application/json' }, body),
    get: (url, headers = {}) => send('GET', url, headers),
    close: () => agent.close(),
  }
}

/**
 * Node's net.connect skips `lookup` for IP literals (undici passes them straight through), so
 * literals are checked here, before any socket exists; hostnames go through guardedLookup.
 */
function guardedConnector(allowPrivate: boolean, timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ lookup: guardedLookup(allowPrivate), timeout: timeoutMs })
  return (options, callback) => {
    const host = options.hostname
    if (!allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
      process.nextTick(callback, privateTargetError(host), null)
      return
    }
    connect(options, callback)
  }
}

// Names are case-insensitive; one spelling lets a caller's header replace a default, not double it.
function lowerCased(headers: Record<string, string>): Record<string, string> {
  const entries = Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])
  return Object.fromEntries(entries)
}

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

function errorCode(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  // Happy Eyeballs reports every failed address at once; the first code stands for them.
  const inner = err instanceof AggregateError ? (err.errors[0] as unknown) : undefined
  const code = (err as { code?: unknown }).code ?? (inner as { code?: unknown } | undefined)?.code
  if (typeof code === 'string') return TIMEOUT_CODES.has(code) ? 'timeout' : code
  return err.message
}
