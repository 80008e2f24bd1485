import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { AppError } from '../errors/app-error.js'
import { errorBody, LD_JSON } from './errors.js'
import { REQUEST_ID_HEADER } from './request-id.js'

/**
 * Answers on a bare socket, where no Fastify reply exists (the HTTP parser refused the request,
 * or the connection was refused before it had one), in the same Hydra shape as every other
 * answer, and closes the connection once the answer is written.
 */
export function endSocketWithError(socket: Duplex, e: AppError, requestId: string): void {
  const body = JSON.stringify(errorBody(e))
  const head = [
    `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status] ?? 'Error'}`,
    `Content-Type: ${LD_JSON}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    ...Object.entries(e.headers).map(([k, v]) => `${k}: ${v}`),
    'Connection: close',
  ]
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`)
}

/** The same on a Node response that Fastify never saw (Expect, CONNECT). */
export function endResponseWithError(res: ServerResponse, e: AppError, requestId: string): void {
  const body = JSON.stringify(errorBody(e))
  res.writeHead(e.status, {
    ...e.headers,
    'Content-Type': LD_JSON,
    'Content-Length': Buffer.byteLength(body),
    [REQUEST_ID_HEADER]: requestId,
    Connection: 'close',
  })
  res.end(body)
}
