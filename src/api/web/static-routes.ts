import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { AppError } from '../../errors/app-error.js'

/**
 * The dashboard's files as `npm run build` leaves them (scripts/build-web.js): dist/public/ beside
 * the compiled server, or under the checkout when the server runs from src/ (tests, tsx).
 */
const CANDIDATES = ['../../public/', '../../../dist/public/']

/** Every script and style comes from this server; nothing inline, no other origin. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

type Asset = { body: Buffer; type: string }

/** Reads the built files once; their names carry a content hash, so they are cached for good. */
export function loadDashboard(): { index: Buffer; assets: Map<string, Asset> } | null {
  for (const rel of CANDIDATES) {
    const dir = fileURLToPath(new URL(rel, import.meta.url))
    if (!existsSync(`${dir}index.html`)) continue
    const assets = new Map<string, Asset>()
    for (const name of readdirSync(`${dir}assets`)) {
      const type = TYPES[name.slice(name.lastIndexOf('.'))]
      if (type !== undefined) assets.set(name, { body: readFileSync(`${dir}assets/${name}`), type })
    }
    return { index: readFileSync(`${dir}index.html`), assets }
  }
  return null
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
}

/** GET / (the page, always revalidated) and GET /assets/<name>-<hash>.<ext> (immutable). */
export async function staticRoutes(app: FastifyInstance): Promise<void> {
  const built = loadDashboard()
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    if (built === null) {
      throw new AppError('UNAVAILABLE', { detail: 'the dashboard is not built (npm run build)' })
    }
    return securityHeaders(reply)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(built.index)
  })
  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { schema: { hide: true } },
    async (req, reply) => {
      const asset = built?.assets.get(req.params.file)
      if (asset === undefined) {
        throw new AppError('ROUTE_NOT_FOUND', { method: 'GET', url: `/assets/${req.params.file}` })
      }
      return securityHeaders(reply)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(asset.type)
        .send(asset.body)
    },
  )
}
