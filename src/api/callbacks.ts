import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from './server-context.js'
import { AppError } from '../errors/app-error.js'

const FORM = 'application/x-www-form-urlencoded'

/**
 * Delivery reports carriers send to an HTTP connector: `GET` with a query, or `POST` as a form or
 * JSON, at /callbacks/http/{connectorId}, and inbound SMS at /callbacks/http/{connectorId}/mo. The connector checks its own token, so this sits apart
 * from customer and operator auth.
 */
export function callbackRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    // Scoped to this plugin: the LOX24 API stays JSON-only (its 415 for other types is spec).
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)))
    })

    const handle =
      (kind: 'dlr' | 'mo') => async (req: FastifyRequest<{ Params: { connectorId: string } }>) => {
        const { connectorId } = req.params
        if (!ctx.delivery.local)
          throw new AppError('UNAVAILABLE', { detail: 'no delivery engine in this process' })
        const result = await ctx.delivery.httpCallback(connectorId, kind, {
          ...flat(req.query),
          ...flat(req.body),
        })
        switch (result) {
          case 'ok':
            return { status: 'ok' }
          case 'unknown-connector':
            throw new AppError('CONNECTOR_NOT_FOUND', { id: connectorId })
          case 'forbidden':
            throw new AppError('CALLBACK_FORBIDDEN', { id: connectorId })
          case 'no-mo':
            throw new AppError('BAD_REQUEST', {
              detail: `Connector ${connectorId} takes no inbound SMS (no "mo" mapping)`,
            })
          case 'bad-request':
            throw new AppError('BAD_REQUEST', {
              detail:
                kind === 'mo'
                  ? 'The inbound SMS lacks its sender, recipient or text'
                  : 'The callback lacks the message id or status',
            })
        }
      }
    const opts = { schema: { hide: true } }
    app.get('/callbacks/http/:connectorId', opts, handle('dlr'))
    app.post('/callbacks/http/:connectorId', opts, handle('dlr'))
    // Inbound SMS: answered 200 only once stored, so a carrier that sees an error sends it again.
    app.get('/callbacks/http/:connectorId/mo', opts, handle('mo'))
    app.post('/callbacks/http/:connectorId/mo', opts, handle('mo'))
  }
}

/** Query and body values as strings; repeated names keep the first, nested values are dropped. */
function flat(source: unknown): Record<string, string> {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return {}
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v[0] : v
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[k] = String(value)
  }
  return out
}
