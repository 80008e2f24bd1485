import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { MESSAGE_STATES } from '../../domain/message/status.js'
import {
  queueOverview,
  recentMessageFailures,
  recentWebhookFailures,
} from '../../services/monitoring/operations.js'
import { errorResponses } from '../lox24/responses.js'

const PagingQuery = Type.Object({
  page: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{0,5}$', description: 'From 1', examples: ['1'] }),
  ),
  per_page: Type.Optional(
    Type.String({
      pattern: '^([1-9]|[1-9][0-9]|100)$',
      description: '1 to 100; 25 if not given',
      examples: ['25'],
    }),
  ),
})
type PagingQuery = Static<typeof PagingQuery>

const Depth = Type.Object({
  due: Type.Integer({ description: 'Due now (for submitting: the lease has run out)' }),
  later: Type.Integer({ description: 'Due later (for submitting: still leased)' }),
})
const QueueAnswer = Type.Object({
  messages: Type.Object({ scheduled: Depth, queued: Depth, submitting: Depth }),
  events: Type.Object({
    due: Type.Integer({ description: 'Event deliveries pending and due' }),
    waiting: Type.Integer({ description: 'Pending for later: a retry, or behind an earlier one' }),
    delivering: Type.Integer({ description: 'Leased to a worker' }),
  }),
})

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])
const PageFields = {
  page: Type.Integer(),
  per_page: Type.Integer(),
  next_page: Type.Union([Type.Integer(), Type.Null()], { description: 'null on the last page' }),
}
const FailedMessagesAnswer = Type.Object({
  failures: Type.Array(
    Type.Object({
      uuid: Type.String(),
      account_id: Type.Integer(),
      phone: Type.String({
        description: 'Masked but for its last three digits',
        examples: ['+**********789'],
      }),
      iso2: NullableString,
      status: Type.Union(MESSAGE_STATES.map((s) => Type.Literal(s))),
      status_code: Type.Integer(),
      dlr_code: Type.Integer(),
      error: Type.Union([Type.String(), Type.Null()], {
        description: "Why: the carrier's error or the gateway's reason",
      }),
      connector_id: NullableString,
      updated_at: Type.Integer({ description: 'Unix seconds of the failure' }),
    }),
  ),
  ...PageFields,
})
const FailedAttemptsAnswer = Type.Object({
  failures: Type.Array(
    Type.Object({
      id: Type.Integer(),
      account_id: Type.Integer(),
      webhook_id: Type.Union([Type.Integer(), Type.Null()], {
        description: 'null: the legacy push of the account',
      }),
      event_id: Type.String(),
      event_name: Type.String(),
      attempt: Type.Integer(),
      attempts_total: Type.Integer(),
      http_status: NullableInteger,
      error: NullableString,
      attempted_at: Type.Integer({ description: 'Unix seconds' }),
    }),
  ),
  ...PageFields,
})

const DEFAULT_PER_PAGE = 25

/** The queue depth and the latest failures, for an operator watching the gateway. */
export async function adminMonitorRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Operator: monitoring']
  const errors = errorResponses(400, 401, 403, 429)
  const paging = (q: PagingQuery) => ({
    page: Number(q.page ?? 1),
    perPage: Number(q.per_page ?? DEFAULT_PER_PAGE),
  })

  app.get(
    '/admin/queue',
    {
      schema: {
        tags,
        summary: 'Messages waiting to be sent, by state, and events waiting to be delivered',
        response: { 200: QueueAnswer, ...errors },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      return queueOverview(ctx.deps)
    },
  )

  app.get<{ Querystring: PagingQuery }>(
    '/admin/failures/messages',
    {
      schema: {
        tags,
        summary: 'The latest failed, rejected and expired messages of every account',
        description: 'Newest first. The phone number is masked but for its last three digits.',
        querystring: PagingQuery,
        response: { 200: FailedMessagesAnswer, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return recentMessageFailures(ctx.deps, paging(req.query))
    },
  )

  app.get<{ Querystring: PagingQuery }>(
    '/admin/failures/webhooks',
    {
      schema: {
        tags,
        summary: 'The latest failed attempts to deliver events to webhooks',
        description: 'Newest first; every account.',
        querystring: PagingQuery,
        response: { 200: FailedAttemptsAnswer, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return recentWebhookFailures(ctx.deps, paging(req.query))
    },
  )
}
