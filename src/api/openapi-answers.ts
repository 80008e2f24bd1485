import { ERRORS } from '../errors/catalogue.js'
import { ErrorBody, LD_JSON } from './errors.js'
import type { OperationKey } from './openapi-operations.js'
import { SEVEN_CODES } from './seven/codes.js'
import { PushwooshErrorBody } from './pushwoosh/schemas.js'
import { ErrorEnvelope } from './messaggi/envelope.js'

/** The part of a route schema the documented answers depend on. */
export type RouteSchema = {
  body?: unknown
  querystring?: unknown
  params?: unknown
  security?: readonly Record<string, unknown>[]
  response?: Record<string, unknown>
}

const ERROR_MEDIA_TYPE = LD_JSON.split(';')[0]!

const codesByStatus = new Map<number, string[]>()
for (const [code, e] of Object.entries(ERRORS)) {
  codesByStatus.set(e.status, [...(codesByStatus.get(e.status) ?? []), code])
}

/**
 * The success answer of operator routes that have no response schema: their handlers return
 * plain objects, and a response schema would also filter what is sent, so these are documented
 * only (status codes as decided in G-05; the test checks every operation has one).
 */
export const DOCUMENTED_SUCCESS = {
  'GET /admin/accounts': [200, 'The accounts, as `{ accounts: [...] }`'],
  'POST /admin/accounts': [201, 'The account created'],
  'GET /admin/accounts/{id}': [200, 'The account'],
  'PATCH /admin/accounts/{id}': [200, 'The account as changed'],
  'POST /admin/accounts/{id}/topups': [200, 'The account with its new balance'],
  'GET /admin/accounts/{id}/keys': [200, "The account's API keys, as `{ keys: [...] }`"],
  'POST /admin/accounts/{id}/keys': [201, 'The key created, with its token, shown this once'],
  'PATCH /admin/keys/{id}': [200, 'The key as changed'],
  'GET /admin/prices': [200, 'The default price list, as `{ prices: [...] }`'],
  'PUT /admin/prices': [200, 'The default price list as stored'],
  'GET /admin/accounts/{id}/prices': [200, "The account's price list, as `{ prices: [...] }`"],
  'PUT /admin/accounts/{id}/prices': [200, "The account's price list as stored"],
  'GET /admin/connectors': [200, 'The connectors and their live state, as `{ connectors: [...] }`'],
  'PUT /admin/connectors/{id}': [200, 'The connector as stored'],
  'DELETE /admin/connectors/{id}': [204, 'Removed'],
  'GET /admin/routes': [200, 'The routes, as `{ routes: [...] }`'],
  'POST /admin/routes': [201, 'The route created'],
  'DELETE /admin/routes/{id}': [204, 'Removed'],
  'GET /admin/accounts/{id}/webhooks': [200, "The account's webhooks, as `{ webhooks: [...] }`"],
  'POST /admin/accounts/{id}/webhooks': [201, 'The webhook created'],
  'PATCH /admin/accounts/{id}/webhooks/{webhookId}': [200, 'The webhook as changed'],
  'DELETE /admin/accounts/{id}/webhooks/{webhookId}': [204, 'Deleted'],
  'POST /admin/accounts/{id}/webhooks/{webhookId}/replay': [202, 'How many events are sent again'],
  'GET /admin/inbound-numbers': [200, 'The inbound numbers, as `{ inbound_numbers: [...] }`'],
  'GET /admin/incomings/unrouted': [200, 'A page of the unrouted inbound SMS'],
  'POST /admin/simulator/mo': [201, 'The inbound SMS as stored'],
  'GET /api/balance': [200, 'The balance: a number, or `{ amount, currency }` in JSON'],
  'GET /api/status': [200, 'Per message: `{ id, status, status_time }` in JSON, two lines of text'],
  'GET /api/hooks': [200, "The account's webhooks, as `{ success, code, hooks: [...] }`"],
  'POST /api/hooks': [200, 'Subscribed: `{ success: true, id }`'],
  'DELETE /api/hooks': [200, 'Unsubscribed: `{ success: true }`'],
} as const satisfies Partial<Record<OperationKey, readonly [number, string]>>

/**
 * The error statuses any route of this shape can answer, whatever its handler does: the
 * authentication of its scope (401 no or wrong credentials, 403 key or account refused, 429 the
 * address or account blocked after failed attempts), a JSON body (400 malformed, 413 too large,
 * 415 not JSON or not UTF-8, 422 invalid), and query or path parameters (400).
 */
export function standardErrorStatuses(schema: RouteSchema): number[] {
  const statuses = new Set<number>()
  const add = (...s: number[]) => s.forEach((x) => statuses.add(x))
  if ((schema.security ?? []).some((s) => Object.keys(s).length > 0)) add(401, 403, 429)
  if (schema.body !== undefined) add(400, 413, 415, 422)
  if (schema.querystring !== undefined || schema.params !== undefined) statuses.add(400)
  return [...statuses]
}

/** The description of an error status: the catalogue codes it is answered with. */
export function errorCodesDescription(status: number): string {
  return `Error codes: ${(codesByStatus.get(status) ?? []).join(', ')}`
}

/** An error answer of a facade that answers in plain text: the message, or `field: why; …`. */
function textErrorAnswer(status: number) {
  return {
    description: errorCodesDescription(status),
    content: { 'text/plain': { schema: { type: 'string' } } },
  }
}

/** An error answer as documented, in the media type it is sent in. */
export function errorAnswer(status: number) {
  return {
    description: errorCodesDescription(status),
    content: { [ERROR_MEDIA_TYPE]: { schema: ErrorBody } },
  }
}

/**
 * The answers of one operation for the document: the route's own, the documented success where
 * the route has no response schema for it, and every standard error; errors in the media type
 * they are sent in (application/ld+json, also from the operator API).
 */
export function documentedAnswers(
  key: string,
  schema: RouteSchema,
  /** text/plain: a facade that answers failures as a short text (the Kannel emulation). */
  mediaType?: string,
): Record<string, unknown> {
  const answers: Record<string, unknown> = { ...(schema.response ?? {}) }
  const success = (DOCUMENTED_SUCCESS as Record<string, readonly [number, string]>)[key]
  if (success !== undefined && !Object.keys(answers).some((s) => s.startsWith('2'))) {
    const [status, description] = success
    answers[status] = { description, type: status === 204 ? 'null' : 'object' }
  }
  if ((schema.security ?? []).some((s) => 'sevenApiKey' in s)) return sevenAnswers(answers)
  if ((schema.security ?? []).some((s) => 'pushwooshAuth' in s)) return pushwooshAnswers(answers)
  const statuses = new Set([
    ...Object.keys(answers)
      .map(Number)
      .filter((s) => s >= 400),
    ...standardErrorStatuses(schema),
  ])
  const messaggi = (schema.security ?? []).some((s) => 'messaggiBearer' in s)
  for (const status of [...statuses].sort())
    answers[status] = messaggi
      ? envelopeErrorAnswer(status)
      : mediaType === 'text/plain'
        ? textErrorAnswer(status)
        : errorAnswer(status)
  return answers
}

/** The messaggisms.com API answers failures in its envelope, `error` the number of the kind. */
function envelopeErrorAnswer(status: number) {
  return {
    description: `${errorCodesDescription(status)}; in the envelope, \`success: false\` and \`error\` its number`,
    content: { 'application/json': { schema: ErrorEnvelope } },
  }
}

/**
 * The Pushwoosh API answers a refused request with HTTP 200 and status_code 210 (its success
 * schema); what the HTTP edge refuses keeps its status, in Pushwoosh's shape: 400 a body that is
 * no JSON, 413 too large, 415 not JSON, 429 an address blocked after failed authentications.
 */
function pushwooshAnswers(own: Record<string, unknown>): Record<string, unknown> {
  const answers = { ...own }
  const reasons: [number, string][] = [
    [400, 'Malformed request string: the body is no JSON'],
    [413, 'The request body is too large'],
    [415, 'The body is not JSON, or not UTF-8'],
    [429, 'Too many failed authentications from the address'],
  ]
  for (const [status, reason] of reasons) {
    answers[status] = {
      description: `${reason}; status_code ${status}`,
      content: { 'application/json': { schema: PushwooshErrorBody } },
    }
  }
  return answers
}

/**
 * The seven.io API answers every failure with one of seven's return codes: the first line of
 * its plain text, `success` of its JSON (9xx: the bare code). Each status with the codes sent
 * with it; 413 and 415 (600) come from the HTTP edge.
 */
function sevenAnswers(own: Record<string, unknown>): Record<string, unknown> {
  const answers = { ...own }
  const byStatus = new Map<number, string[]>([
    [400, ['600 (a parameter other than to, from or text)']],
    [413, ['600']],
    [415, ['600']],
  ])
  for (const [code, { status, meaning }] of Object.entries(SEVEN_CODES)) {
    if (status < 400) continue
    byStatus.set(status, [...(byStatus.get(status) ?? []), `${code} (${meaning})`])
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    answers[status] = {
      description: `seven.io return codes: ${codes.join(', ')}; the next line (or error_text) names the field and why`,
      content: {
        'text/plain': {
          schema: { type: 'string', examples: ['900\nMissing or invalid credentials'] },
        },
      },
    }
  }
  return answers
}
