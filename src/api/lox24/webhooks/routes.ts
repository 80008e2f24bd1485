import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { ATTEMPT_FILTERS, WEBHOOK_FILTERS } from '../../../domain/events/attempt-filters.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  updateWebhook,
} from '../../../services/webhooks/manage-webhooks.js'
import { listWebhookAttempts, replayEvent } from '../../../services/webhooks/webhook-attempts.js'
import { replayFailedEvents } from '../../../services/webhooks/replay-failed.js'
import {
  CreateWebhookBody,
  ReplayFailedBody,
  UpdateWebhookBody,
} from '../../../services/webhooks/webhook.schemas.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import {
  AttemptCollection,
  ReplayFailedResult,
  ReplayResult,
  WebhookCollection,
  WebhookResource,
  attemptResource,
  webhookResource,
} from './schemas.js'

const IdParam = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) })
type IdParam = Static<typeof IdParam>
const ReplayParams = Type.Object({ id: IdParam.properties.id, event_id: Type.String() })

/**
 * The account's event notification settings (spec §16.1 has them in the web account only; here
 * they are an API as well), their delivery attempts, and replays.
 */
export async function webhookRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Webhooks']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id

  app.post<{ Body: CreateWebhookBody }>(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Create a webhook (at most 5 per account)',
        body: CreateWebhookBody,
        response: { 201: WebhookResource, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(webhookResource(await createWebhook(ctx.deps, account(req), req.body))),
  )

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'List webhooks',
        response: { 200: WebhookCollection, ...errorResponses(401, 403, 429) },
      },
    },
    async (req) => {
      const items = await listWebhooks(ctx.deps, account(req))
      return collection({
        type: 'Webhook',
        basePath: '/webhooks',
        rawQuery: '',
        items: items.map(webhookResource),
        total: items.length,
        page: 1,
        spec: WEBHOOK_FILTERS,
      })
    },
  )

  app.get<{ Params: IdParam }>(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Get a webhook',
        params: IdParam,
        response: { 200: WebhookResource, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => webhookResource(await getWebhook(ctx.deps, account(req), Number(req.params.id))),
  )

  app.patch<{ Params: IdParam; Body: UpdateWebhookBody }>(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook',
        params: IdParam,
        body: UpdateWebhookBody,
        response: { 200: WebhookResource, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req) =>
      webhookResource(await updateWebhook(ctx.deps, account(req), Number(req.params.id), req.body)),
  )

  app.delete<{ Params: IdParam }>(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook',
        description: 'Events still waiting for it are dropped.',
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteWebhook(ctx.deps, account(req), Number(req.params.id))
      return reply.status(204).send()
    },
  )

  app.get<{ Params: IdParam }>(
    '/webhooks/:id/attempts',
    {
      schema: {
        tags,
        summary: 'Delivery attempts of a webhook, newest first',
        params: IdParam,
        querystring: querystringSchema(ATTEMPT_FILTERS, true),
        response: { 200: AttemptCollection, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      const id = Number(req.params.id)
      const { items, total, page } = await listWebhookAttempts(
        ctx.deps,
        account(req),
        id,
        req.query as RawQuery,
      )
      return collection({
        type: 'WebhookAttempt',
        basePath: `/webhooks/${id}/attempts`,
        rawQuery: rawQuery(req),
        items: items.map((a) => attemptResource(id, a)),
        total,
        page,
        spec: ATTEMPT_FILTERS,
      })
    },
  )

  app.post<{ Params: Static<typeof ReplayParams> }>(
    '/webhooks/:id/events/:event_id/replay',
    {
      schema: {
        tags,
        summary: 'Send an event to the webhook again',
        description: 'A new notification task: its attempts count from 1 again.',
        params: ReplayParams,
        response: { 202: ReplayResult, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req, reply) => {
      const r = await replayEvent(
        ctx.deps,
        account(req),
        Number(req.params.id),
        req.params.event_id,
      )
      return reply.status(202).send(r)
    },
  )

  app.post<{ Params: IdParam; Body: ReplayFailedBody }>(
    '/webhooks/:id/replay',
    {
      schema: {
        tags,
        summary: 'Send again every event given up for the webhook since a time',
        description:
          'Deliveries given up (attempts spent, or dropped while the webhook was off) between ' +
          '`since` and `until` (unix s, default now) are queued again as new tasks and sent one ' +
          'after the other in the order the events happened. Each is taken once: a second call ' +
          'for the same span queues nothing again.',
        params: IdParam,
        body: ReplayFailedBody,
        response: { 202: ReplayFailedResult, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const r = await replayFailedEvents(ctx.deps, account(req), Number(req.params.id), req.body)
      return reply.status(202).send(r)
    },
  )
}
