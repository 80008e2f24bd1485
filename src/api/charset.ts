import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors/app-error.js'

const UTF8 = new Set(['utf-8', 'utf8'])

/**
 * The charset a Content-Type names (`charset=utf-16`, `charset="UTF-8"`), lower case, or null
 * when it names none. Parameter names are case-insensitive (RFC 9110 §5.6.6). A quoted boundary
 * may hold a ';', so a value that opens a quote is read to its closing quote.
 */
export function charsetOf(contentType: string): string | null {
  const params = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g
  for (const m of contentType.matchAll(params)) {
    if (m[1]!.toLowerCase() !== 'charset') continue
    const value = m[2]!.trim()
    return (
      value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value
    ).toLowerCase()
  }
  return null
}

/**
 * Every body is read as UTF-8 (JSON, multipart and the CSV file in it): one that names another
 * charset is refused with 415 before a byte of it is read, instead of being misread. Without a
 * charset, UTF-8 is assumed (RFC 8259 §8.1 for JSON).
 */
export function installCharsetCheck(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const type = req.headers['content-type']
    // Some clients name a type on every request; without a body there is nothing to misread.
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0
    if (type === undefined || !hasBody) return payload
    const charset = charsetOf(type)
    if (charset !== null && !UTF8.has(charset)) {
      throw new AppError('UNSUPPORTED_CHARSET', { charset })
    }
    return payload
  })
}
