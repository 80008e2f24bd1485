import { Type } from '@sinclair/typebox'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, validationError, type Violation } from '../errors/app-error.js'
import type { ErrorCode } from '../errors/catalogue.js'
import { SENDER_ID_PATTERN } from '../domain/message/sender-id.js'
import { TEXT_FORMAT_MESSAGES } from '../domain/text/unsafe-characters.js'
import { allowedMethods } from './method-not-allowed.js'

export const LD_JSON = 'application/ld+json; charset=utf-8'

/** The error body of every failed request (Hydra error, spec §2.6 recommendation). */
export const ErrorBody = Type.Object({
  '@context': Type.String(),
  '@type': Type.String(),
  'hydra:title': Type.String(),
  'hydra:description': Type.String(),
  code: Type.String({ description: 'Stable error code from the error catalogue' }),
  violations: Type.Optional(
    Type.Array(
      Type.Object({
        propertyPath: Type.String(),
        message: Type.String(),
        code: Type.Optional(Type.String()),
      }),
    ),
  ),
})

export function errorBody(e: AppError) {
  if (e.code === 'VALIDATION_FAILED') {
    return {
      '@context': '/contexts/ConstraintViolationList',
      '@type': 'ConstraintViolationList',
      'hydra:title': 'An error occurred',
      'hydra:description': e.violations.map((v) => `${v.propertyPath}: ${v.message}`).join('\n'),
      code: e.code,
      violations: e.violations,
    }
  }
  return {
    '@context': '/contexts/Error',
    '@type': 'hydra:Error',
    'hydra:title': 'An error occurred',
    'hydra:description': e.message,
    code: e.code,
  }
}

// The code each error answer went out with, for the metrics counted once it is sent.
const answeredCodes = new WeakMap<FastifyReply, ErrorCode>()

/** The catalogue code of the error this reply answered with, if it did. */
export function errorCodeOf(reply: FastifyReply): ErrorCode | undefined {
  return answeredCodes.get(reply)
}

export function sendError(reply: FastifyReply, e: AppError): FastifyReply {
  answeredCodes.set(reply, e.code)
  return reply.status(e.status).headers(e.headers).type(LD_JSON).send(errorBody(e))
}

/**
 * A failure as a short plain text, for facades whose clients read no JSON (Kannel): the message,
 * then each violated field and why.
 */
export function sendTextError(reply: FastifyReply, e: AppError): FastifyReply {
  answeredCodes.set(reply, e.code)
  const text =
    e.violations.length > 0
      ? e.violations.map((v) => `${v.propertyPath}: ${v.message}`).join('; ')
      : e.message
  return reply.status(e.status).headers(e.headers).type('text/plain; charset=utf-8').send(text)
}

/** One handler renders every failure; internals of 5xx never reach the client. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const e = toAppError(err, req)
    if (e.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
    return sendError(reply, e)
  })
  app.setNotFoundHandler((req, reply) => {
    const allowed = allowedMethods(app, req.url)
    if (allowed.length > 0) {
      return sendError(
        reply,
        new AppError(
          'METHOD_NOT_ALLOWED',
          { method: req.method },
          { headers: { Allow: allowed.join(', ') } },
        ),
      )
    }
    return sendError(
      reply,
      new AppError('ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0]! }),
    )
  })
}

export function toAppError(err: FastifyError, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err
  if (err.validation) {
    const where = err.validationContext
    if (where === 'body') {
      const wantsObject =
        (req.routeOptions.schema?.body as { type?: string } | undefined)?.type === 'object'
      const isObject = typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)
      if (wantsObject && !isObject) {
        return new AppError('BAD_REQUEST', { detail: 'The request body must be a JSON object' })
      }
      return validationError(violationsFrom(err.validation))
    }
    const first = violationsFrom(err.validation)[0]
    const code = where === 'params' ? 'INVALID_PATH_PARAMETER' : 'INVALID_QUERY_PARAMETER'
    return new AppError(code, {
      parameter: first?.propertyPath ?? '?',
      detail: first?.message ?? 'invalid',
    })
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', {
        contentType: String(req.headers['content-type'] ?? 'none'),
      })
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE')
    case 'FST_ERR_HANDLER_TIMEOUT':
      return new AppError('UNAVAILABLE', { detail: 'the request took too long to answer' })
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON', { detail: err.message })
  }
  if (err instanceof SyntaxError || err.statusCode === 400) {
    return new AppError('MALFORMED_JSON', { detail: err.message })
  }
  if (err.statusCode === 405) return new AppError('METHOD_NOT_ALLOWED', { method: req.method })
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('BAD_REQUEST', { detail: err.message })
  }
  return new AppError('INTERNAL', { requestId: req.id })
}

type AjvError = NonNullable<FastifyError['validation']>[number]

const PATTERN_MESSAGES: Record<string, string> = {
  [SENDER_ID_PATTERN]:
    'must be a number of up to 15 digits (optional leading +) or 1-11 letters, digits and spaces',
}

/** Ajv reports a failed union once per branch; one message per field reads better. */
function violationsFrom(errors: AjvError[]): Violation[] {
  const byPath = new Map<string, AjvError[]>()
  for (const e of errors) {
    const missing = e.keyword === 'required' ? String(e.params.missingProperty) : null
    const path = propertyPath(e.instancePath, missing)
    byPath.set(path, [...(byPath.get(path) ?? []), e])
  }
  return [...byPath].map(([path, errs]) => ({ propertyPath: path, message: messageFor(errs) }))
}

function propertyPath(instancePath: string, child: string | null): string {
  const parts = instancePath.split('/').slice(1)
  if (child !== null) parts.push(child)
  return parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc === '' ? p : `${acc}.${p}`), '')
}

function messageFor(errs: AjvError[]): string {
  const required = errs.find((e) => e.keyword === 'required')
  if (required) return 'is required'
  const branches = errs.filter((e) => e.keyword !== 'anyOf')
  if (errs.some((e) => e.keyword === 'anyOf')) {
    const allowed = branches.map((e) =>
      e.keyword === 'const'
        ? JSON.stringify(e.params.allowedValue)
        : String(e.params.type ?? e.message),
    )
    const meaningful = branches.filter((e) => e.keyword !== 'type' && e.keyword !== 'const')
    if (meaningful.length > 0) return messageFor(meaningful)
    return `must be ${[...new Set(allowed)].join(' or ')}`
  }
  const e = branches[0] ?? errs[0]!
  switch (e.keyword) {
    case 'pattern':
      return (
        PATTERN_MESSAGES[String(e.params.pattern)] ??
        `must match the pattern ${String(e.params.pattern)}`
      )
    case 'format':
      return (
        (TEXT_FORMAT_MESSAGES as Record<string, string>)[String(e.params.format)] ??
        `must be a valid ${String(e.params.format)}`
      )
    case 'maxLength':
      return `must be at most ${String(e.params.limit)} characters long`
    case 'minLength':
      return `must be at least ${String(e.params.limit)} characters long`
    case 'type':
      return `must be of type ${String(e.params.type)}`
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return e.message ?? 'is invalid'
  }
}
