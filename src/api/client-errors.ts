import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors/app-error.js'
import { sendError } from './errors.js'
import { endResponseWithError } from './raw-error-response.js'
import { INCOMING_REQUEST_ID_HEADER, newRequestId, REQUEST_ID_HEADER } from './request-id.js'

/** Longest URL answered, else 414: a common proxy limit, well under Node's 16 KiB of headers. */
export const MAX_URL_LENGTH = 8192

/** Fastify's default longest path parameter; ids are far shorter. */
export const MAX_PARAM_LENGTH = 100

type ParseError = Error & { code?: string; rawPacket?: Buffer }

/**
 * Failures of Node's HTTP parser, before Fastify has a request: malformed request lines and
 * headers (400), headers over Node's limit (431, or 414 when the request line alone is too
 * long), and the headers and request timeouts (408). Each gets a Hydra body and a request id.
 */
export function clientErrorHandler(opts: {
  log: FastifyBaseLogger
  maxHeaderSize: number
  requestIdOf: (socket: Socket) => string
  refuse: (socket: Socket, e: AppError, requestId?: string) => void
}) {
  // Fastify's type says rawPacket is JSON-shaped; Node hands over a Buffer.
  return (error: Error, socket: Socket): void => {
    const err = error as ParseError
    if (err.code === 'ECONNRESET' || socket.destroyed) return
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
    // Part of an answer is on the wire already: a second one would corrupt it.
    if (inFlight?.headersSent || !socket.writable) {
      socket.destroy()
      return
    }
    const e = appErrorFor(err, opts.maxHeaderSize)
    const requestId = opts.requestIdOf(socket)
    opts.log.debug({ err, requestId, status: e.status }, 'client error')
    opts.refuse(socket, e, requestId)
  }
}

function appErrorFor(err: ParseError, maxHeaderSize: number): AppError {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError('REQUEST_TIMEOUT', { detail: 'the headers or the body took too long' })
    case 'HPE_HEADER_OVERFLOW': {
      const packet = err.rawPacket?.toString('latin1') ?? ''
      const lineEnd = packet.indexOf('\r\n')
      const line = lineEnd < 0 ? packet : packet.slice(0, lineEnd)
      if (/^[A-Z]+ /.test(line) && line.length >= MAX_URL_LENGTH) {
        return new AppError('URI_TOO_LONG', { detail: `at most ${MAX_URL_LENGTH} characters` })
      }
      return new AppError('HEADERS_TOO_LARGE', { max: maxHeaderSize })
    }
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new AppError('PAYLOAD_TOO_LARGE')
    default:
      return new AppError('MALFORMED_REQUEST', { detail: parseErrorDetail(err.code) })
  }
}

function parseErrorDetail(code: string | undefined): string {
  switch (code) {
    case 'HPE_INVALID_METHOD':
      return 'unknown method'
    case 'HPE_INVALID_URL':
      return 'invalid request target'
    case 'HPE_INVALID_VERSION':
    case 'HPE_PAUSED_H2_UPGRADE':
      return 'unsupported HTTP version'
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CONSTANT':
      return 'invalid header'
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return 'invalid Content-Length'
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
      return 'invalid Transfer-Encoding or chunk'
    default:
      return 'malformed request'
  }
}

/**
 * Errors Fastify's router raises before any hook runs: bad percent-encoding in the path (400)
 * and a path parameter over the length limit (414).
 */
export function frameworkErrorHandler(
  err: FastifyError,
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  let e: AppError
  if (err.code === 'FST_ERR_BAD_URL') {
    e = new AppError('MALFORMED_URL', { detail: 'the path has invalid percent-encoding' })
  } else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const detail = `a path segment is longer than ${MAX_PARAM_LENGTH} characters`
    e = new AppError('URI_TOO_LONG', { detail })
  } else {
    req.log.error({ err, requestId: req.id }, 'request failed')
    e = new AppError('INTERNAL', { requestId: req.id })
  }
  reply.header(REQUEST_ID_HEADER, req.id)
  reply.header(INCOMING_REQUEST_ID_HEADER, req.id)
  void sendError(reply, e)
}

/** `Expect` other than 100-continue, which Node would answer with a bare 417. */
export function onUnsupportedExpectation(req: IncomingMessage, res: ServerResponse): void {
  const expect = String(req.headers.expect ?? '').slice(0, 64)
  endResponseWithError(res, new AppError('EXPECTATION_FAILED', { expect }), newRequestId())
}

/** CONNECT, which Node would drop without an answer: the gateway is no proxy. */
export function onConnectMethod(refuse: (socket: Duplex, e: AppError) => void) {
  return (req: IncomingMessage, socket: Duplex): void => {
    refuse(socket, new AppError('METHOD_NOT_ALLOWED', { method: req.method ?? 'CONNECT' }))
  }
}
