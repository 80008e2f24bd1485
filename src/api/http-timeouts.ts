import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Config } from '../config/schema.js'
import { AppError } from '../errors/app-error.js'

type TimeoutConfig = Pick<
  Config,
  'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs' | 'httpIdleTimeoutMs' | 'httpKeepAliveTimeoutMs'
>

/**
 * Fastify's and Node's timeout options. Fastify turns Node's request timeout off by default,
 * so a client that sent headers and then no body held its connection forever.
 */
export function timeoutOptions(config: TimeoutConfig) {
  const requestTimeout = config.httpRequestTimeoutMs
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(config.httpHeadersTimeoutMs, requestTimeout)
  return {
    requestTimeout,
    connectionTimeout: config.httpIdleTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    // The handler timeout is HandlerDeadlines' (cheaper than Fastify's own).
    http: {
      headersTimeout,
      // Node enforces the headers and request timeouts on this tick (30 s by default), so a
      // timeout is kept to within a quarter of its length.
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(headersTimeout / 4))),
    },
  }
}

type HttpSocket = Socket & {
  parser?: { incoming?: IncomingMessage | null } | null
  _httpMessage?: ServerResponse | null
}

/**
 * What happens to a connection on which nothing moved for the idle timeout (Fastify's
 * `connectionTimeout`). In the middle of a request (headers or body begun, not finished) the
 * client gets 408; while the gateway works on a complete request it is left alone (the handler
 * timeout bounds that); otherwise (between requests, or a client that reads nothing of its
 * answer) the connection is dropped.
 */
export function installIdleTimeout(
  server: Server,
  opts: {
    timeoutMs: number
    /** Bytes the connection had received when its last answer was finished. */
    bytesAtLastAnswer: (socket: Socket) => number
    refuse: (socket: Socket, e: AppError) => void
  },
): void {
  server.on('timeout', (socket: HttpSocket) => {
    const req = socket.parser?.incoming ?? null
    const res = socket._httpMessage ?? null
    if (res && !res.headersSent && req !== null && req.complete) return
    const midRequest =
      (req !== null && !req.complete) || socket.bytesRead > opts.bytesAtLastAnswer(socket)
    if (midRequest && !res?.headersSent) {
      const detail = `nothing was received for ${opts.timeoutMs / 1000} s`
      opts.refuse(socket, new AppError('REQUEST_TIMEOUT', { detail }))
    } else {
      socket.destroy()
    }
  })
}
