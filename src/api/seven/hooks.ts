// /api/hooks: the account's seven-style webhooks, as @seven.io/client's `hooks` resource calls
// it: GET lists them, POST subscribes one (target_url, event_type, request_method, event_filter,
// headers), DELETE unsubscribes one by `id` (JSON body or query). Refusals answer
// `success: false` with the field and why, as seven's subscribe does.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { AppError } from '../../errors/app-error.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import {
  listHooks,
  subscribeHook,
  unsubscribeHook,
  type SevenHook,
  type SubscribeInput,
} from '../../services/seven-hooks/manage-hooks.js'
import { JSON_TYPE, param } from './answer.js'
import { sevenAuth } from './auth.js'

/** seven's `created`: `2021-03-01 11:19:08` (UTC). */
function created(unixS: number): string {
  return new Date(unixS * 1000).toISOString().slice(0, 19).replace('T', ' ')
}

function hookJson(h: SevenHook) {
  return {
    id: String(h.id),
    target_url: h.targetUrl,
    event_type: h.eventType,
    event_filter: h.eventFilter,
    request_method: h.requestMethod,
    headers: h.headers,
    enabled: h.enabled,
    created: created(h.createdAt),
  }
}

function refused(reply: FastifyReply, status: number, message: string) {
  return reply.status(status).type(JSON_TYPE).send({ success: false, error_message: message })
}

export async function hookRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  // Before validation: a caller without a valid key learns nothing of its parameters.
  const preValidation = sevenAuth(ctx, guard, 'hooks')
  const tags = ['seven.io']
  // Refusals are JSON (`success: false`); those of the authentication the room's text by default.
  const produces = ['text/plain', 'application/json']
  // Checked by the service, which names the field in seven's answer: documented, not validated.
  const field = (description: string, example: unknown) =>
    Type.Optional(Type.Unknown({ description, examples: [example] }))
  const SubscribeBody = Type.Object(
    {
      action: field('Older clients: read, subscribe (the default) or unsubscribe', 'subscribe'),
      target_url: field('Where the calls go: http or https', 'https://shop.example.com/seven'),
      event_type: field('all, dlr or sms_mo', 'dlr'),
      request_method: field('POST (form, the default), GET (query) or JSON', 'JSON'),
      event_filter: field('sms_mo: the inbound number the hook is for', '4915112345678'),
      headers: field(
        '`Name: value` lines sent with each call',
        'Authorization: Basic dXNlcjpwYXNz',
      ),
    },
    { additionalProperties: true },
  )
  const IdField = Type.Object(
    { id: field('The id subscribing answered', 1) },
    { additionalProperties: true },
  )

  app.get(
    '/api/hooks',
    { preValidation, schema: { tags, produces, summary: "The account's webhooks" } },
    async (req, reply) => list(req, reply),
  )

  app.post(
    '/api/hooks',
    {
      preValidation,
      schema: {
        tags,
        produces,
        body: SubscribeBody,
        summary: 'Subscribe a webhook',
        description:
          '`target_url` (http/https, not a private address), `event_type` (all, dlr, sms_mo), ' +
          '`request_method` (POST form, the default; GET query; JSON body), `event_filter` ' +
          '(sms_mo: the inbound number), `headers` (`Name: value` lines). At most 5 per account. ' +
          "`dlr` calls carry msg_id, status, timestamp and the message's foreign_id. The older " +
          'form, `action` = read, subscribe or unsubscribe in one POST, is understood too.',
      },
    },
    async (req, reply) => {
      // The older API (sms77) named the operation in `action` of one POST.
      const action = param(req, 'action')
      if (action === 'read') return list(req, reply)
      if (action === 'unsubscribe') return unsubscribe(req, reply)
      return subscribe(req, reply)
    },
  )

  app.delete(
    '/api/hooks',
    {
      preValidation,
      schema: {
        tags,
        produces,
        // The id may come as a JSON body too (the official JS client): not declared, as a
        // declared body would be required.
        querystring: IdField,
        summary: 'Unsubscribe a webhook by its id (query, or a JSON body `{ "id": 1 }`)',
      },
    },
    async (req, reply) => unsubscribe(req, reply),
  )

  async function list(req: FastifyRequest, reply: FastifyReply) {
    const hooks = await listHooks(ctx.deps, req.principal.account.id)
    return reply.type(JSON_TYPE).send({ success: true, code: null, hooks: hooks.map(hookJson) })
  }

  async function subscribe(req: FastifyRequest, reply: FastifyReply) {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as
      SubscribeInput | Record<string, never>
    try {
      const hook = await subscribeHook(
        ctx.deps,
        { accountId: req.principal.account.id, keyId: req.principal.key.id },
        body,
      )
      return reply.type(JSON_TYPE).send({ success: true, id: hook.id })
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'VALIDATION_FAILED') throw e
      const text = e.violations
        .map((v) => (v.propertyPath === '' ? v.message : `${v.propertyPath}: ${v.message}`))
        .join('; ')
      return refused(reply, 400, text)
    }
  }

  async function unsubscribe(req: FastifyRequest, reply: FastifyReply) {
    const raw = param(req, 'id')
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : ''
    if (!/^[1-9]\d{0,15}$/.test(text)) return refused(reply, 400, 'id: a webhook id is required')
    const removed = await unsubscribeHook(ctx.deps, req.principal.account.id, Number(text))
    if (!removed) return refused(reply, 404, `id: the account has no webhook ${text}`)
    return reply.type(JSON_TYPE).send({ success: true })
  }
}
