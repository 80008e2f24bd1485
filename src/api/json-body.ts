import { Transform } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors/app-error.js'
import { closeAfterAnswer } from './close-after-answer.js'
import { JsonSyntaxScanner } from './json-syntax.js'

export const JSON_TYPES = [
  'application/json',
  'application/ld+json',
  'application/merge-patch+json',
]

/**
 * Bodies up to this size are parsed whole as they are; larger ones (and those of unknown size)
 * are checked as they arrive. A JSON.parse of 64 KiB takes well under a millisecond, and the
 * per-byte check would only slow the small bodies of POST /sms.
 */
const STREAM_CHECK_ABOVE = 64 * 1024

/**
 * JSON bodies in any of the JSON media types. An empty body counts as none: clients (the
 * official LOX24 one among them) send `Content-Type: application/json` on bodiless POSTs.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  // JSON only (spec G-01): without its text/plain parser Fastify answers other types with 415.
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (req, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined)
    parse(req, body as string, done)
  })
  // A large body that is not JSON is refused at its first wrong byte; the error closes the
  // connection (Fastify does so for every body it stops reading), so the rest is never read.
  app.addHook('preParsing', async (req, reply, payload) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (!JSON_TYPES.includes(type)) return payload
    const length = Number(req.headers['content-length'])
    if (length <= STREAM_CHECK_ABOVE) return payload
    return checkedAsItArrives(payload, () => closeAfterAnswer(req.raw, reply.raw))
  })
}

function checkedAsItArrives(payload: NodeJS.ReadableStream, stopReading: () => void): Transform {
  const scanner = new JsonSyntaxScanner()
  const malformed = (detail: string) => new AppError('MALFORMED_JSON', { detail })
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const problem = scanner.push(chunk)
      if (problem === null) callback(null, chunk)
      else {
        payload.unpipe(check)
        stopReading()
        callback(malformed(problem))
      }
    },
    flush(callback) {
      const problem = scanner.end()
      callback(problem === null ? null : malformed(problem))
    },
  })
  payload.on('error', (e) => check.destroy(e))
  return payload.pipe(check)
}
