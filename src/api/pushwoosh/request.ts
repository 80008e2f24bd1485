// The body every Pushwoosh call sends, `{"request": {…}}`, and its fields read one by one: each
// wrong field is refused with Pushwoosh's argument error naming it and what it must be.
import type { FastifyRequest } from 'fastify'
import { PushwooshError, invalid } from './answer.js'

export type Fields = Record<string, unknown>

/** The `request` object of the body. */
export function requestOf(body: unknown): Fields {
  const r = isObject(body) ? body.request : undefined
  if (!isObject(r)) throw new PushwooshError('Invalid request. The body must be {"request": {…}}.')
  return r
}

export function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A text field; null when absent (or null), refused when of another type or too long. */
export function text(r: Fields, field: string, maxLength = 1000): string | null {
  const v = r[field]
  if (v === undefined || v === null) return null
  if (typeof v !== 'string') throw invalid(field, `"${field}" must be a string.`)
  if (v.length > maxLength)
    throw invalid(field, `"${field}" must be at most ${maxLength} characters.`)
  return v
}

export function requiredText(r: Fields, field: string, what: string, maxLength = 1000): string {
  const v = text(r, field, maxLength)
  if (v === null || v.trim() === '') throw invalid(field, `"${field}" is required: ${what}.`)
  return v
}

export function bool(r: Fields, field: string): boolean | null {
  const v = r[field]
  if (v === undefined || v === null) return null
  if (typeof v !== 'boolean') throw invalid(field, `"${field}" must be true or false.`)
  return v
}

/** The API access token: `auth` in the request, else the header `Authorization: Token …`. */
export function authOf(req: FastifyRequest, r: Fields): string | null {
  const given = text(r, 'auth', 200)
  if (given !== null && given.trim() !== '') return given.trim()
  const header = req.headers.authorization
  const m = typeof header === 'string' ? /^(?:Token|Api)\s+(\S+)\s*$/i.exec(header) : null
  return m ? m[1]! : null
}
