import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { getAccount } from '../../services/accounts/manage-accounts.js'
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  updateWebhook,
} from '../../services/webhooks/manage-webhooks.js'
import { replayFailedEvents } from '../../services/webhooks/replay-failed.js'
import {
  CreateWebhookBody,
  ReplayFailedBody,
  UpdateWebhookBody,
} from '../../services/webhooks/webhook.schemas.js'
import { errorResponses } from '../lox24/responses.js'

const Id = Type.String({ pattern: '^[1-9][0-9]{0,9}$' })
const AccountParam = Type.Object({ id: Id })
const WebhookParams = Type.Object({ id: Id, webhookId: Id })

/** An account's webhooks, for operators: the same rules as the account's own /webhooks. */
export async function adminWebhookRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Operator']
  const errors = errorResponses(400, 401, 403, 404, 422)

  app.get<{ Params: Static<typeof AccountParam> }>(
    '/admin/accounts/:id/webhooks',
    {
      schema: {
        tags,
        summary: "List an account's webhooks",
        params: AccountParam,
        response: errors,
      },
    },
    async (req) => {
      const accountId = (await getAccount(ctx.deps, Number(req.params.id))).id
      return { webhooks: await listWebhooks(ctx.deps, accountId) }
    },
  )

  app.post<{ Params: Static<typeof AccountParam>; Body: CreateWebhookBody }>(
    '/admin/accounts/:id/webhooks',
    {
      schema: {
        tags,
        summary: 'Create a webhook for an account',
        params: AccountParam,
        body: CreateWebhookBody,
        response: errors,
      },
    },
    async (req, reply) => {
      const accountId = (await getAccount(ctx.deps, Number(req.params.id))).id
      return reply.status(201).send(await createWebhook(ctx.deps, accountId, req.body))
    },
  )

  app.patch<{ Params: Static<typeof WebhookParams>; Body: UpdateWebhookBody }>(
    '/admin/accounts/:id/webhooks/:webhookId',
    {
      schema: {
        tags,
        summary: "Change an account's webhook",
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: errors,
      },
    },
    async (req) =>
      updateWebhook(ctx.deps, Number(req.params.id), Number(req.params.webhookId), req.body),
  )

  app.delete<{ Params: Static<typeof WebhookParams> }>(
    '/admin/accounts/:id/webhooks/:webhookId',
    {
      schema: {
        tags,
        summary: "Delete an account's webhook",
        params: WebhookParams,
        response: errors,
      },
    },
    async (req, reply) => {
      await deleteWebhook(ctx.deps, Number(req.params.id), Number(req.params.webhookId))
      return reply.status(204).send()
    },
  )

  app.post<{ Params: Static<typeof WebhookParams>; Body: ReplayFailedBody }>(
    '/admin/accounts/:id/webhooks/:webhookId/replay',
    {
      schema: {
        tags,
        summary: "Send again every event given up for an account's webhook since a time",
        params: WebhookParams,
        body: ReplayFailedBody,
        response: { ...errors, ...errorResponses(409) },
      },
    },
    async (req, reply) => {
      const r = await replayFailedEvents(
        ctx.deps,
        Number(req.params.id),
        Number(req.params.webhookId),
        req.body,
      )
      return reply.status(202).send(r)
    },
  )
}
