// GET /l/{code}: the short links. A known code answers 302 to its target at once; the click is
// only appended to memory (services/links/click-recorder.ts writes it behind, in batches), so
// nothing on the request path waits for the store but the link's own lookup, itself cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ClickRecorder } from '../../services/links/click-recorder.js'
import type { LinkResolver } from '../../services/links/resolve-link.js'
import type { ServerContext } from '../server-context.js'
import { linkPage, type LinkPageStatus } from './redirect-page.js'

/** Longer user agents and referers are cut: they are for reports, not for replay. */
const HEADER_KEEP = 1000

const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
}

export type RedirectOptions = {
  resolver: LinkResolver
  clicks: ClickRecorder
  /** Answers the link of a subscribe or unsubscribe campaign with its hosted form. */
  showForm?: (req: FastifyRequest, reply: FastifyReply, code: string) => Promise<FastifyReply>
}

export async function redirectRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  opts: RedirectOptions,
): Promise<void> {
  app.get<{ Params: { code: string } }>(
    '/l/:code',
    { schema: { hide: true } },
    async (req, reply) => {
      const code = req.params.code
      const answer = await opts.resolver.resolve(code)
      if (answer.kind === 'unknown') return page(reply, 404)
      if (answer.kind === 'gone') return page(reply, 410)
      opts.clicks.record({
        link: answer.link,
        url: answer.kind === 'redirect' ? answer.url : `${req.protocol}://${req.host}${req.url}`,
        atMs: ctx.deps.clock.nowMs(),
        ip: req.ip,
        userAgent: clippedHeader(req.headers['user-agent']),
        referer: clippedHeader(req.headers.referer),
      })
      if (answer.kind === 'form')
        return opts.showForm ? opts.showForm(req, reply, code) : page(reply, 404)
      return reply
        .code(302)
        .header('cache-control', 'no-store')
        .header('location', answer.url)
        .send()
    },
  )
}

export function clippedHeader(v: string | string[] | undefined): string {
  const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
  return s.length > HEADER_KEEP ? s.slice(0, HEADER_KEEP) : s
}

function page(reply: FastifyReply, status: LinkPageStatus): FastifyReply {
  return reply
    .status(status)
    .headers(PAGE_HEADERS)
    .type('text/html; charset=utf-8')
    .send(linkPage(status))
}
