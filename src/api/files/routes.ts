// /f/{code}: the download pages of files sent with messages of the seven.io-compatible API
// (services/files). No credentials: the random code in the link is the access, and a password
// where the sender set one.
import { parse as parseQuery } from 'node:querystring'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { lookUpFile, openFile, type FileInfo } from '../../services/files/open-file.js'
import { filePage, gonePage, lockedPage } from './page.js'

const FORM = 'application/x-www-form-urlencoded'
const PASSWORD_FORM_LIMIT = 4096

// Nothing of the page is cached or framed, it loads nothing from elsewhere, and the link in
// it is not passed on as a referrer.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
}

export async function fileRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.addContentTypeParser(
    FORM,
    { parseAs: 'string', bodyLimit: PASSWORD_FORM_LIMIT },
    (_req, body, done) => done(null, parseQuery(body as string)),
  )
  const hide = { schema: { hide: true } }

  app.get<{ Params: { code: string } }>('/f/:code', hide, async (req, reply) => {
    const found = await lookUpFile(ctx.deps, req.params.code)
    if (found.kind !== 'found') return gone(reply, found.kind === 'expired' ? 410 : 404)
    return page(reply, 200, filePage(found.file))
  })

  const download = async (code: string, password: string | undefined, reply: FastifyReply) => {
    const found = await lookUpFile(ctx.deps, code)
    if (found.kind !== 'found') return gone(reply, found.kind === 'expired' ? 410 : 404)
    const result = await openFile(ctx.deps, found.row, password)
    if (result.kind === 'locked') {
      reply.header('retry-after', String(result.retryAfterS))
      return page(reply, 429, lockedPage(found.file, result.retryAfterS))
    }
    if (result.kind === 'wrong-password') {
      const error = password ? 'The password is wrong.' : 'Enter the password.'
      return page(reply, password ? 403 : 401, filePage(found.file, error))
    }
    return sendFile(reply, found.file, result.contents)
  }

  app.get<{ Params: { code: string } }>('/f/:code/download', hide, async (req, reply) =>
    download(req.params.code, undefined, reply),
  )
  app.post<{ Params: { code: string }; Body: Record<string, unknown> | undefined }>(
    '/f/:code/download',
    hide,
    async (req, reply) => {
      const p = req.body?.password
      return download(req.params.code, typeof p === 'string' ? p : undefined, reply)
    },
  )
}

function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html)
}

function gone(reply: FastifyReply, status: 404 | 410): FastifyReply {
  return page(reply, status, gonePage(status))
}

/**
 * Always as an attachment of an opaque type: a file is the sender's content, and served inline
 * an HTML file would run in the gateway's origin.
 */
function sendFile(reply: FastifyReply, file: FileInfo, contents: Buffer): FastifyReply {
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return reply
    .status(200)
    .headers({
      ...PAGE_HEADERS,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    })
    .type('application/octet-stream')
    .send(contents)
}
