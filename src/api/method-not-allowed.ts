import type { FastifyInstance } from 'fastify'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/**
 * The methods some route answers on this path, for a request no route took: a path that exists
 * under another method is a 405 with `Allow`, not a 404.
 */
export function allowedMethods(app: FastifyInstance, url: string): string[] {
  const path = url.split('?')[0]!
  return METHODS.filter((method) => {
    try {
      return app.findRoute({ method, url: path }) !== null
    } catch {
      return false
    }
  })
}
