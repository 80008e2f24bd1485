// How the seven.io API answers: JSON when the client asks for it (`Accept: application/json`,
// or the legacy `json=1`), otherwise plain text whose first line is the code. A refusal names
// the field and why: in `error_text` of a JSON answer, in the line after the code of a text one.
// Authentication codes (9xx) go to a JSON client as the bare code, as seven answers them, so
// that @seven.io/client throws its "900: …" error as it does there.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type Violation } from '../../errors/app-error.js'
import { toAppError } from '../errors.js'
import { SevenError, type SevenCode } from './codes.js'

export const TEXT = 'text/plain; charset=utf-8'
export const JSON_TYPE = 'application/json; charset=utf-8'

/** Whether the answer is JSON: the Accept header, or a truthy `json` parameter (deprecated). */
export function wantsJson(req: FastifyRequest): boolean {
  const accept = String(req.headers.accept ?? '').toLowerCase()
  if (accept.includes('application/json')) return true
  return truthy(param(req, 'json'))
}

/** seven's booleans: 1/0, true/false, yes/no, on/off, as strings or JSON values. */
export function truthy(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v !== 'string') return false
  return ['1', 'true', 'yes', 'on'].includes(v.trim().toLowerCase())
}

/** A request parameter from the body, else the query. */
export function param(req: FastifyRequest, name: string): unknown {
  for (const source of [req.body, req.query]) {
    if (typeof source === 'object' && source !== null && name in source)
      return (source as Record<string, unknown>)[name]
  }
  return undefined
}

/** Any failure in seven's codes. */
export function sevenErrorOf(err: FastifyError | Error, req: FastifyRequest): SevenError {
  if (err instanceof SevenError) return err
  const e = err instanceof AppError ? err : toAppError(err as FastifyError, req)
  switch (e.code) {
    case 'INSUFFICIENT_FUNDS':
      return new SevenError(500, e.message)
    case 'VALIDATION_FAILED':
      return fromViolation(e.violations[0])
    case 'INTERNAL':
    case 'UNAVAILABLE':
      return new SevenError(600, e.message, { status: e.status, headers: e.headers })
    default:
      // A request seven has no code for (a body that is not JSON, too large…): 600 with the
      // gateway's own status and reason.
      return new SevenError(600, e.message, { status: e.status, headers: e.headers })
  }
}

/** The code of a violated field: to, from and text have their own, the others 600 with 400. */
export function fromViolation(v: Violation | undefined): SevenError {
  if (v === undefined) return new SevenError(600, 'the request is invalid', { status: 400 })
  const reason = `${v.propertyPath}: ${v.message}`
  const field = v.propertyPath.replace(/[[.].*$/, '')
  const code: SevenCode | null =
    field === 'to'
      ? v.message === 'is required'
        ? 301
        : 202
      : field === 'from'
        ? 201
        : field === 'text'
          ? v.code === 'TEXT_TOO_LONG'
            ? 401
            : 305
          : null
  return code === null ? new SevenError(600, reason, { status: 400 }) : new SevenError(code, reason)
}

export function sendSevenError(reply: FastifyReply, req: FastifyRequest, e: SevenError) {
  reply.status(e.status).headers(e.headers)
  if (!wantsJson(req)) return reply.type(TEXT).send(`${e.code}\n${e.message}`)
  if (e.code >= 900) return reply.type(JSON_TYPE).send(String(e.code))
  return reply.type(JSON_TYPE).send({ success: String(e.code), error_text: e.message })
}

/** The room's error handler: every failure in seven's terms; internals of 5xx are logged. */
export function sevenErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const e = sevenErrorOf(err, req)
  if (e.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
  return sendSevenError(reply, req, e)
}
