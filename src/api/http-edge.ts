import { createServer, maxHeaderSize, type ServerOptions } from 'node:http'
import type { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { FastifyBaseLogger, FastifyInstance, FastifyServerFactory } from 'fastify'
import type { Config } from '../config/schema.js'
import { AppError } from '../errors/app-error.js'
import {
  clientErrorHandler,
  frameworkErrorHandler,
  MAX_PARAM_LENGTH,
  MAX_URL_LENGTH,
  onConnectMethod,
  onUnsupportedExpectation,
} from './client-errors.js'
import { limitConnectionsPerAddress } from './connection-limit.js'
import { HandlerDeadlines } from './handler-deadlines.js'
import { installIdleTimeout, timeoutOptions } from './http-timeouts.js'
import type { FastLane } from './links/redirect-fast-lane.js'
import { endSocketWithError } from './raw-error-response.js'
import { INCOMING_REQUEST_ID_HEADER, newRequestId, REQUEST_ID_HEADER } from './request-id.js'

/** After its error answer, how long a refused connection may take to close on its side. */
const CLOSE_GRACE_MS = 2000

/**
 * Everything between the socket and the routes: timeouts, the per-address connection cap, and
 * a Hydra answer with a request id for what Node or Fastify would otherwise answer in their own
 * words (parser errors, bad URLs, Expect, CONNECT, requests while the server closes).
 * `serverOptions` go into Fastify(); `install` runs on the instance before any route. A `lane`
 * may answer requests before Fastify sees them, once the edge's own checks let them through.
 */
export function httpEdge(config: Config, log: FastifyBaseLogger, lane?: FastLane) {
  // The id of the request each answer in progress belongs to, for errors raised on its socket.
  const requestIds = new WeakMap<ServerResponse, string>()
  const bytesAtLastAnswer = new WeakMap<Socket, number>()
  const requestIdOf = (socket: Socket) => {
    const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
    return (res && requestIds.get(res)) ?? newRequestId()
  }
  const refuse = (socket: Duplex, e: AppError, requestId = newRequestId()) => {
    socket.on('error', () => {})
    endSocketWithError(socket, e, requestId)
    // The rest of what the client sends is read and dropped, so that closing is no reset that
    // could swallow the answer; a client that keeps the connection open is cut after a grace.
    socket.resume()
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref()
  }
  const timeouts = timeoutOptions(config)
  let closing = false

  const serverOptions = {
    ...timeouts,
    http: { ...timeouts.http, requireHostHeader: false },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Answered by the onRequest hook below, in the Hydra shape.
    return503OnClosing: false,
    clientErrorHandler: clientErrorHandler({ log, maxHeaderSize, requestIdOf, refuse }),
    frameworkErrors: frameworkErrorHandler,
    ...(lane && {
      serverFactory: laneInFront(lane, {
        open: () => !closing,
        answered: (socket) => bytesAtLastAnswer.set(socket, socket.bytesRead),
      }),
    }),
  }

  function install(app: FastifyInstance): void {
    const server = app.server
    limitConnectionsPerAddress(server, { max: config.httpMaxConnectionsPerAddress, refuse })
    installIdleTimeout(server, {
      timeoutMs: config.httpIdleTimeoutMs,
      bytesAtLastAnswer: (socket) => bytesAtLastAnswer.get(socket) ?? 0,
      refuse,
    })
    server.on('checkExpectation', onUnsupportedExpectation)
    server.on('connect', onConnectMethod(refuse))

    const deadlines = new HandlerDeadlines(config.httpHandlerTimeoutMs, (reply) => {
      // The answer has begun (a stream): cut it, as an error answer could not follow.
      if (reply.raw.headersSent) reply.raw.destroy()
      else
        reply.send(new AppError('UNAVAILABLE', { detail: 'the request took too long to answer' }))
    })
    app.addHook('preClose', async () => {
      closing = true
    })
    app.addHook('onClose', async () => deadlines.stop())
    app.addHook('onRequest', async (req, reply) => {
      deadlines.add(reply)
      reply.header(REQUEST_ID_HEADER, req.id)
      reply.header(INCOMING_REQUEST_ID_HEADER, req.id)
      requestIds.set(reply.raw, req.id)
      if (closing) {
        reply.header('Connection', 'close')
        throw new AppError('UNAVAILABLE', { detail: 'the server is shutting down' })
      }
      if (req.raw.httpVersion === '1.1' && req.headers.host === undefined) {
        reply.header('Connection', 'close')
        const detail = 'an HTTP/1.1 request must carry a Host header'
        throw new AppError('MALFORMED_REQUEST', { detail })
      }
      if (req.url.length > MAX_URL_LENGTH) {
        throw new AppError('URI_TOO_LONG', { detail: `at most ${MAX_URL_LENGTH} characters` })
      }
    })
    app.addHook('onResponse', async (req, reply) => {
      deadlines.done(reply)
      const socket = req.raw.socket as Socket | null
      if (socket) bytesAtLastAnswer.set(socket, socket.bytesRead)
    })
  }

  return { serverOptions, install }
}

/**
 * The HTTP/1 server Fastify makes itself (lib/server.js, getServerInstance), with a lane in front
 * of its handler. The lane sees only what the edge's onRequest hook would let pass: nothing while
 * the server closes, no HTTP/1.1 request without Host, no over-long URL.
 */
function laneInFront(
  lane: FastLane,
  edge: { open: () => boolean; answered: (socket: Socket) => void },
): FastifyServerFactory {
  return (handler, opts) => {
    const o = opts as {
      http?: ServerOptions
      keepAliveTimeout: number
      requestTimeout: number
      connectionTimeout: number
      maxRequestsPerSocket?: number
    }
    const server = createServer(o.http ?? {}, (req, res) => {
      const passes =
        edge.open() &&
        (req.url?.length ?? 0) <= MAX_URL_LENGTH &&
        (req.headers.host !== undefined || req.httpVersion !== '1.1')
      if (passes && lane(req, res)) edge.answered(req.socket)
      else handler(req, res)
    })
    server.keepAliveTimeout = o.keepAliveTimeout
    server.requestTimeout = o.requestTimeout
    server.setTimeout(o.connectionTimeout)
    if ((o.maxRequestsPerSocket ?? 0) > 0) server.maxRequestsPerSocket = o.maxRequestsPerSocket!
    return server
  }
}
