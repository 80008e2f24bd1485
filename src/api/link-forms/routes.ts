// The hosted forms of subscribe and unsubscribe campaigns, at their short links: GET /l/{code}
// shows the form (the redirect hands form campaigns here), POST /l/{code} takes its two steps,
// the phone number and then the code from the SMS. No credentials: the link is public, so every
// post carries the form's CSRF token (form-csrf.ts) and the services limit what it may ask for.
import { parse as parseQuery } from 'node:querystring'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  FORM_UNSUBSCRIBE_REASONS,
  isFormUnsubscribeReason,
} from '../../domain/links/form-reasons.js'
import { unixSeconds } from '../../shared/clock.js'
import { confirmFormCode } from '../../services/link-forms/confirm-form-code.js'
import type { FormCampaign } from '../../services/link-forms/form-campaign.js'
import type { FormLanguage } from '../../services/link-forms/form-policy.js'
import { loadFormCampaign } from '../../services/link-forms/load-form-campaign.js'
import { requestFormCode } from '../../services/link-forms/request-form-code.js'
import type { ServerContext } from '../server-context.js'
import { FORM_COOKIE, FORM_TOKEN_TTL_S, formCsrf, type FormCsrf } from './form-csrf.js'
import { codeStep, donePage, messagePage, phoneStep, type PageOf } from './form-page.js'
import { FORM_TEXTS } from './form-texts.js'
import { formLanguage } from './language.js'

const FORM = 'application/x-www-form-urlencoded'
const FORM_BODY_LIMIT = 4096

// Nothing of a page is cached or framed, no script runs, and forms post only to the page itself.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
}

type Body = Record<string, string | string[] | undefined>

/** The forms of one server: one CSRF secret for its GET and its POST. */
export class LinkForms {
  private readonly csrf: FormCsrf

  constructor(private readonly ctx: ServerContext) {
    this.csrf = formCsrf(ctx.config.sessionSecret)
  }

  /** GET of a form campaign's link: its first step, or a 404 page when it has no form. */
  async show(req: FastifyRequest, reply: FastifyReply, linkCode: string): Promise<FastifyReply> {
    const lang = formLanguage(req.headers['accept-language'])
    const campaign = await loadFormCampaign(this.ctx.deps, linkCode)
    if (!campaign) return unavailable(reply, lang)
    return page(reply, 200, phoneStep(this.pageOf(req, reply, campaign, lang)))
  }

  /** POST of either step. */
  async post(req: FastifyRequest, reply: FastifyReply, linkCode: string): Promise<FastifyReply> {
    const lang = formLanguage(req.headers['accept-language'])
    const t = FORM_TEXTS[lang]
    const campaign = await loadFormCampaign(this.ctx.deps, linkCode)
    if (!campaign) return unavailable(reply, lang)
    const body = (req.body ?? {}) as Body
    const nowS = unixSeconds(this.ctx.deps.clock)
    const nonce = cookieValue(req.headers.cookie, FORM_COOKIE)
    if (!this.csrf.matches({ campaign: campaign.code, nonce, token: body.csrf, nowS })) {
      return page(
        reply,
        403,
        messagePage(lang, { title: t.unavailableTitle, text: t.refused, startAgain: true }),
      )
    }
    const p = this.pageOf(req, reply, campaign, lang)
    return body.step === 'code'
      ? this.confirm(reply, campaign, p, body)
      : this.requestCode(req, reply, campaign, p, body)
  }

  private async requestCode(
    req: FastifyRequest,
    reply: FastifyReply,
    campaign: FormCampaign,
    p: PageOf,
    body: Body,
  ): Promise<FastifyReply> {
    const t = FORM_TEXTS[p.lang]
    const phone = field(body, 'phone')
    const reason = isFormUnsubscribeReason(body.reason) ? body.reason : 'not_given'
    const again = { phone, reason }
    const r = await requestFormCode(this.ctx.deps, campaign, {
      phone,
      ip: req.ip,
      lang: p.lang,
      unsubscribeReason: FORM_UNSUBSCRIBE_REASONS[reason],
    })
    switch (r.kind) {
      case 'sent':
        return page(reply, 200, codeStep(p, { attemptId: r.attemptId, phone: r.phone }))
      case 'bad-phone':
        return page(reply, 422, phoneStep(p, { ...again, error: t.badPhone }))
      case 'not-sent':
        return page(reply, 422, phoneStep(p, { ...again, error: t.notSent }))
      case 'rate-limited': {
        reply.header('retry-after', String(r.retryAfterS))
        const minutes = Math.max(1, Math.ceil(r.retryAfterS / 60))
        return page(reply, 429, phoneStep(p, { ...again, error: t.rateLimited(minutes) }))
      }
    }
  }

  private async confirm(
    reply: FastifyReply,
    campaign: FormCampaign,
    p: PageOf,
    body: Body,
  ): Promise<FastifyReply> {
    const t = FORM_TEXTS[p.lang]
    const attemptId = field(body, 'attempt')
    const code = field(body, 'code').replace(/\s+/g, '')
    const r = await confirmFormCode(this.ctx.deps, campaign, { attemptId, code })
    const again = (status: number, text: string) =>
      page(reply, status, messagePage(p.lang, { title: t.codeTitle, text, startAgain: true }))
    switch (r.kind) {
      case 'done':
        return page(reply, 200, donePage(p, r.phone))
      case 'wrong':
        return page(
          reply,
          422,
          codeStep(p, { attemptId, phone: r.phone, error: t.wrongCode(r.triesLeft) }),
        )
      case 'locked':
        return again(429, t.locked)
      case 'expired':
        return again(410, t.expired)
      case 'no-group':
        return unavailable(reply, p.lang, 410)
    }
  }

  /** The page's words and token; the browser's nonce is kept, so several tabs work at once. */
  private pageOf(
    req: FastifyRequest,
    reply: FastifyReply,
    campaign: FormCampaign,
    lang: FormLanguage,
  ): PageOf {
    let nonce = cookieValue(req.headers.cookie, FORM_COOKIE)
    if (nonce === undefined || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) {
      nonce = this.csrf.newNonce()
      const secure = req.protocol === 'https' ? '; Secure' : ''
      reply.header(
        'set-cookie',
        `${FORM_COOKIE}=${nonce}; Max-Age=${FORM_TOKEN_TTL_S}; HttpOnly; SameSite=Strict${secure}`,
      )
    }
    const nowS = unixSeconds(this.ctx.deps.clock)
    const csrf = this.csrf.token({ campaign: campaign.code, nonce, nowS })
    return { lang, action: campaign.action, name: campaign.name, csrf }
  }
}

/** POST /l/{code}: the forms' posts, as HTML forms send them. */
export async function linkFormRoutes(app: FastifyInstance, forms: LinkForms): Promise<void> {
  app.addContentTypeParser(
    FORM,
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_req, body, done) => done(null, parseQuery(body as string)),
  )
  app.post<{ Params: { code: string } }>('/l/:code', { schema: { hide: true } }, (req, reply) =>
    forms.post(req, reply, req.params.code),
  )
}

function field(body: Body, name: string): string {
  const v = body[name]
  return (typeof v === 'string' ? v : '').trim()
}

function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(html)
}

function unavailable(reply: FastifyReply, lang: FormLanguage, status = 404): FastifyReply {
  const t = FORM_TEXTS[lang]
  return page(
    reply,
    status,
    messagePage(lang, { title: t.unavailableTitle, text: t.unavailable, startAgain: false }),
  )
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined
  }
  return undefined
}
