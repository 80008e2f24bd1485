import type { FastifyInstance } from 'fastify'

const JSON_TYPES = ['application/json', 'application/ld+json', 'application/merge-patch+json']

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
}
