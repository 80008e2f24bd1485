// Every answer of the messaggisms.com API, failures included:
// `{ data, success, message, credit, error }`. `credit` is the account's remaining balance as a
// decimal string (null before the caller is known); `error` null, or a stable number per kind of
// failure, with the HTTP status that goes with it and `message` naming the field and why.
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../../errors/app-error.js'
import type { ErrorCode } from '../../errors/catalogue.js'
import { fromMicro } from '../../domain/pricing/money.js'
import { availableMicro } from '../../services/accounts/account-model.js'
import { getAccount } from '../../services/accounts/manage-accounts.js'
import type { ServiceDeps } from '../../services/deps.js'
import { toAppError } from '../errors.js'
import { allowedMethods } from '../method-not-allowed.js'

export const JSON_TYPE = 'application/json; charset=utf-8'

/** The number in `error` of each failure this API answers with; any other: its HTTP status. */
export const MESSAGGI_ERRORS = {
  UNAUTHENTICATED: 1001,
  MESSAGGI_TOKEN_EXPIRED: 1002,
  MESSAGGI_SCOPE_MISSING: 1003,
  KEY_INACTIVE: 1004,
  KEY_TYPE_NOT_ALLOWED: 1005,
  IP_NOT_ALLOWED: 1006,
  ACCOUNT_BLOCKED: 1007,
  IP_BLOCKED: 1008,
  VALIDATION_FAILED: 2001,
  MALFORMED_JSON: 2002,
  BAD_REQUEST: 2003,
  INVALID_PATH_PARAMETER: 2004,
  INVALID_QUERY_PARAMETER: 2005,
  UNSUPPORTED_MEDIA_TYPE: 2006,
  PAYLOAD_TOO_LARGE: 2007,
  INSUFFICIENT_FUNDS: 3001,
  MESSAGGI_MESSAGE_NOT_FOUND: 4001,
  MESSAGGI_RECIPIENT_NOT_FOUND: 4002,
  MESSAGGI_TOKEN_NOT_FOUND: 4003,
  ROUTE_NOT_FOUND: 4004,
  METHOD_NOT_ALLOWED: 4005,
  MESSAGGI_MESSAGE_CLOSED: 4009,
} as const satisfies Partial<Record<ErrorCode, number>>

export function errorNumber(e: AppError): number {
  return (MESSAGGI_ERRORS as Partial<Record<ErrorCode, number>>)[e.code] ?? e.status
}

/** The envelope around `data`, for the OpenAPI document. */
export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({
    data,
    success: Type.Boolean(),
    message: Type.String({ examples: ['1 Result'] }),
    credit: Type.Union([Type.String({ examples: ['90.97'] }), Type.Null()], {
      description: "The account's remaining balance; null when the caller is not known",
    }),
    error: Type.Union([Type.Integer(), Type.Null()], {
      description:
        'null, or the kind of failure: 1001 credentials, 1002 token expired, 1003 scope ' +
        'missing, 1004-1008 key, address or account refused, 2001 invalid field (message names ' +
        'it), 2002-2007 malformed request, 3001 credit, 4001 message, 4002 recipient, 4003 ' +
        'token or 4004 route not found, 4005 method, 4009 message no longer changeable',
    }),
  })
}

export const ErrorEnvelope = Envelope(
  Type.Union([
    Type.Null(),
    Type.Array(Type.Object({ propertyPath: Type.String(), message: Type.String() }), {
      description: 'The fields of an invalid request and why each is refused',
    }),
  ]),
)

/** The credit of the caller's account, as the envelope shows it. */
export async function creditOf(deps: Pick<ServiceDeps, 'db'>, accountId: number): Promise<string> {
  const a = await getAccount(deps, accountId)
  const micro = a.billingMode === 'prepaid' ? a.balanceMicro : availableMicro(a)
  return String(fromMicro(micro))
}

export async function sendEnvelope(
  deps: Pick<ServiceDeps, 'db'>,
  req: FastifyRequest,
  reply: FastifyReply,
  o: { status?: number; data: unknown; message: string },
): Promise<FastifyReply> {
  const credit = await creditOf(deps, req.principal.account.id)
  return reply
    .status(o.status ?? 200)
    .type(JSON_TYPE)
    .send({ data: o.data, success: true, message: o.message, credit, error: null })
}

function sendFailure(
  deps: Pick<ServiceDeps, 'db'>,
  req: FastifyRequest,
  reply: FastifyReply,
  e: AppError,
): Promise<FastifyReply> | FastifyReply {
  const violations = e.violations.map((v) => ({ propertyPath: v.propertyPath, message: v.message }))
  const message =
    violations.length > 0
      ? violations.map((v) => `${v.propertyPath}: ${v.message}`).join('; ')
      : e.message
  const body = (credit: string | null) => ({
    data: violations.length > 0 ? violations : null,
    success: false,
    message,
    credit,
    error: errorNumber(e),
  })
  reply.status(e.status).headers(e.headers).type(JSON_TYPE)
  // The caller's credit where the caller is known.
  const accountId = (req as { principal?: { account: { id: number } } }).principal?.account.id
  if (accountId === undefined) return reply.send(body(null))
  return creditOf(deps, accountId).then(
    (credit) => reply.send(body(credit)),
    () => reply.send(body(null)),
  )
}

/** The room's error and not-found handlers: every failure in the envelope. */
export function installEnvelopeErrors(app: FastifyInstance, deps: Pick<ServiceDeps, 'db'>): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = err instanceof AppError ? err : toAppError(err, req)
    if (e.status >= 500) req.log.error({ err, requestId: req.id }, 'request failed')
    return sendFailure(deps, req, reply, e)
  })
  app.setNotFoundHandler((req, reply) => {
    const allowed = allowedMethods(app, req.url)
    const e =
      allowed.length > 0
        ? new AppError(
            'METHOD_NOT_ALLOWED',
            { method: req.method },
            { headers: { Allow: allowed.join(', ') } },
          )
        : new AppError('ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0]! })
    return sendFailure(deps, req, reply, e)
  })
}
