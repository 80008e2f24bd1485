// How the Pushwoosh API answers: `{status_code, status_message, response}` on every call. A
// request it cannot act on gets HTTP 200 with status_code 210 and a message naming the field
// and why (Pushwoosh's argument error); a body that is no JSON, HTTP 400 with status_code 400
// (its "Malformed request string"); a blocked address 429; an internal failure its 5xx.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type Violation } from '../../errors/app-error.js'
import { toAppError } from '../errors.js'

export const JSON_TYPE = 'application/json; charset=utf-8'

/** Pushwoosh's answer to a call with the wrong application or auth, whichever was wrong. */
export const ACCESS_DENIED = 'Access denied or application not found'

export class PushwooshError extends Error {
  constructor(
    message: string,
    readonly statusCode: number = 210,
    readonly httpStatus: number = 200,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'PushwooshError'
  }
}

/** The argument error for one field: `Invalid devices list. "devices" must be an array.` */
export function invalid(field: string, reason: string): PushwooshError {
  return new PushwooshError(`Invalid ${LISTS.has(field) ? `${field} list` : field}. ${reason}`)
}
const LISTS = new Set(['devices', 'notifications'])
/** The gateway's words where they speak of the LOX24 API's form of a value. */
const REWORDED: Record<string, string> = {
  'must be a unix time in seconds at most 365 days ahead': 'must be at most 365 days ahead',
}
const ARGUMENT_STATUSES = new Set([400, 401, 402, 403, 404, 409, 422])

/** A violation of the gateway's rules, as the argument error of the field it names. */
export function fromViolation(v: Violation): PushwooshError {
  const field = v.propertyPath.replace(/[[.].*$/, '')
  const message = REWORDED[v.message] ?? v.message
  // A message that is a sentence of its own (`"+49" is …`, `No value for …`) stands as it is.
  const reason = /^["A-Z]/.test(message) ? message : `"${v.propertyPath}" ${message}`
  return invalid(field, /[.!?]$/.test(reason) ? reason : `${reason}.`)
}

/** Any failure in Pushwoosh's terms. */
export function pushwooshErrorOf(err: Error, req: FastifyRequest): PushwooshError {
  if (err instanceof PushwooshError) return err
  const e = err instanceof AppError ? err : toAppError(err as FastifyError, req)
  if (e.code === 'VALIDATION_FAILED' && e.violations[0] !== undefined)
    return fromViolation(e.violations[0])
  if (e.code === 'MALFORMED_JSON')
    return new PushwooshError(`Malformed request string. ${e.message}`, 400, 400)
  // What the caller asked for is refused (funds, a key's rights): an argument error. What the
  // request is (too large, too slow, a flood, of a wrong media type) keeps its HTTP status.
  if (ARGUMENT_STATUSES.has(e.status)) return new PushwooshError(e.message)
  return new PushwooshError(e.message, e.status, e.status, e.headers)
}

export function sendPushwooshError(
  reply: FastifyReply,
  e: PushwooshError,
  response: unknown = null,
): FastifyReply {
  return reply
    .status(e.httpStatus)
    .headers(e.headers)
    .type(JSON_TYPE)
    .send({ status_code: e.statusCode, status_message: e.message, response })
}

export function ok(reply: FastifyReply, response: unknown): FastifyReply {
  return reply.type(JSON_TYPE).send({ status_code: 200, status_message: 'OK', response })
}

/** The room's error handler: every failure in Pushwoosh's shape; internals of 5xx are logged. */
export function pushwooshErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const e = pushwooshErrorOf(err, req)
  if (e.httpStatus >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
  // createSMSMessage answers its errors with an empty list of messages, as Pushwoosh does.
  const response = req.routeOptions.url?.endsWith('/createSMSMessage') ? { Messages: [] } : null
  return sendPushwooshError(reply, e, response)
}
