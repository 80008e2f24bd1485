// What every answer of the gateway must be, whatever was asked: never a 5xx, always the request
// id, and either a Hydra error with a code from the catalogue (and that code's status) or a
// success body of the documented shape that repeats no NUL, lone surrogate or bidi override.
import { ERRORS } from '../../src/errors/catalogue.js'
import { typeOf } from './request-samples.js'
import type { Operation, Schema } from './openapi-operations.js'
import type { Answer } from './security-server.js'

export const REQUEST_ID = /^[A-Za-z0-9]{32}$/
const ERROR_TYPES = ['hydra:Error', 'ConstraintViolationList']
/**
 * NUL, a lone surrogate, or a bidi override (U+202D, U+202E: they make text read other than it
 * is stored). Isolates and marks have their uses in right-to-left text and are not looked for.
 */
const FORBIDDEN_TEXT =
  // eslint-disable-next-line no-control-regex -- a NUL in an answer is what this looks for
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\u202d\u202e]/

/** Everything wrong with an answer; empty when it is as it must be. */
export function answerProblems(r: Answer, op: Operation | null): string[] {
  const out: string[] = []
  if (r.status >= 500) out.push(`a ${r.status}`)
  if (r.status < 200 || (r.status >= 300 && r.status < 400)) out.push(`status ${r.status}`)
  const id = r.headers['x-lox24-request-id']
  if (typeof id !== 'string' || !REQUEST_ID.test(id))
    out.push(`no X-LOX24-REQUEST-ID (${String(id)})`)
  if (r.status >= 400) out.push(...errorProblems(r))
  else if (r.status >= 200 && r.status < 300) out.push(...successProblems(r, op))
  return out
}

function errorProblems(r: Answer): string[] {
  const b = r.json
  if (b === undefined || b === null || typeof b !== 'object') {
    return [
      `not a Hydra error body (${String(r.headers['content-type'])}: ${r.text.slice(0, 120)})`,
    ]
  }
  const out: string[] = []
  if (!/^application\/ld\+json/.test(String(r.headers['content-type']))) {
    out.push(`error Content-Type ${String(r.headers['content-type'])}`)
  }
  if (!ERROR_TYPES.includes(b['@type'])) out.push(`@type ${JSON.stringify(b['@type'])}`)
  if (typeof b['@context'] !== 'string') out.push('no @context')
  if (typeof b['hydra:description'] !== 'string') out.push('no hydra:description')
  const entry = (ERRORS as Record<string, { status: number }>)[b.code]
  if (entry === undefined) out.push(`code ${JSON.stringify(b.code)} is not in the catalogue`)
  else if (entry.status !== r.status)
    out.push(`code ${b.code} is ${entry.status} in the catalogue, sent as ${r.status}`)
  return out
}

function successProblems(r: Answer, op: Operation | null): string[] {
  if (r.status === 204) return r.text === '' ? [] : ['a 204 with a body']
  const type = String(r.headers['content-type'] ?? '')
  if (!/json/.test(type))
    return /^(text\/csv|audio\/wav)/.test(type) ? [] : [`success Content-Type ${type}`]
  if (r.json === undefined) return [`success body is not JSON: ${r.text.slice(0, 120)}`]
  const out: string[] = []
  // The documented shape where there is one (the spec's bare batch answers have no @type);
  // otherwise a LOX24 answer is a JSON-LD resource.
  const schema = op?.responses.get(String(r.status))
  if (schema) out.push(...schemaProblems(schema, r.json, '$'))
  else if (op !== null && !op.admin && typeof r.json['@type'] !== 'string')
    out.push('success body without @type')
  const bad = forbiddenString(r.json, '$')
  if (bad !== null)
    out.push(`success body repeats a NUL, lone surrogate or bidi override at ${bad}`)
  return out
}

/** The path of the first string holding forbidden characters, or null. */
function forbiddenString(v: unknown, path: string): string | null {
  if (typeof v === 'string') return FORBIDDEN_TEXT.test(v) ? path : null
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = forbiddenString(v[i], `${path}[${i}]`)
      if (p !== null) return p
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = forbiddenString(k, `${path} key`) ?? forbiddenString(x, `${path}.${k}`)
      if (p !== null) return p
    }
  }
  return null
}

/** Types, required properties, items and unions of the documented response (the shape only). */
export function schemaProblems(schema: Schema, v: unknown, path: string): string[] {
  if (schema.anyOf) {
    const each = schema.anyOf.map((s) => schemaProblems(s, v, path))
    return each.some((p) => p.length === 0) ? [] : [`${path} matches no branch: ${each.flat()[0]}`]
  }
  if (schema.enum && !schema.enum.some((e) => e === v)) return [`${path} is not one of the enum`]
  const types =
    schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.length > 0 && !types.some((t) => isType(t, v)))
    return [`${path} is not ${types.join('|')}`]
  const out: string[] = []
  if (typeOf(schema) === 'object' && v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of schema.required ?? []) if (!(k in o)) out.push(`${path}.${k} is missing`)
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      if (k in o) out.push(...schemaProblems(s, o[k], `${path}.${k}`))
    }
  }
  if (typeOf(schema) === 'array' && Array.isArray(v) && schema.items) {
    v.forEach((x, i) => out.push(...schemaProblems(schema.items!, x, `${path}[${i}]`)))
  }
  return out
}

function isType(t: string, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null
    case 'integer':
      return Number.isInteger(v)
    case 'number':
      return typeof v === 'number'
    case 'array':
      return Array.isArray(v)
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v)
    default:
      return typeof v === t
  }
}
