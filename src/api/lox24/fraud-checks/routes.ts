import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { FRAUD_CHECK_FILTERS } from '../../../domain/fraud/fraud-filters.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import { createFraudCheck } from '../../../services/fraud/create-fraud-check.js'
import { CreateFraudCheckBody } from '../../../services/fraud/fraud-check.schemas.js'
import { PollLimiter } from '../../../services/fraud/poll-limiter.js'
import {
  deleteFraudCheck,
  listFraudChecks,
  pollFraudCheck,
} from '../../../services/fraud/query-fraud-checks.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import { FraudCheckCollection, FraudCheckResource, fraudCheckResource } from './schemas.js'

const IdParam = Type.Object({ id: Type.String() })

/** Fraud checks (spec §13): an explainable risk score for phone, e-mail, IP and address. */
export async function fraudCheckRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Fraud checks']
  const limiter = new PollLimiter(ctx.config.fraudPollPerMinute)

  app.post<{ Body: CreateFraudCheckBody }>(
    '/fraud-checks',
    {
      schema: {
        tags,
        summary: 'Register a fraud check',
        description:
          'At least one of phone, email, ip and address. Answered at once with status_code 0 ' +
          '(pending); the score follows in the fraud-check.done event. `direct` checks are ' +
          'scored before all others. The price of the tariff is reserved (402 if the balance ' +
          'does not cover it); a check deleted while pending is refunded.',
        body: CreateFraudCheckBody,
        response: { 201: FraudCheckResource, ...errorResponses(400, 401, 402, 403, 422, 429) },
      },
    },
    async (req, reply) => {
      const check = await createFraudCheck(ctx.deps, req.principal.account, req.body)
      return reply.status(201).send(fraudCheckResource(check))
    },
  )

  app.get(
    '/fraud-checks',
    {
      schema: {
        tags,
        summary: 'List fraud checks',
        description: 'Newest first unless `_order[created_at]` says otherwise; 30 per page.',
        querystring: querystringSchema(FRAUD_CHECK_FILTERS, true),
        response: { 200: FraudCheckCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listFraudChecks(
        ctx.deps,
        req.principal.account.id,
        req.query as RawQuery,
      )
      return collection({
        type: 'FraudCheck',
        basePath: '/fraud-checks',
        rawQuery: rawQuery(req),
        items: items.map(fraudCheckResource),
        total,
        page,
        spec: FRAUD_CHECK_FILTERS,
      })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/fraud-checks/:id',
    {
      schema: {
        tags,
        summary: 'Get a fraud check',
        description: `Polling is a fallback: at most ${ctx.config.fraudPollPerMinute} answers per check and minute, then 429 with Retry-After. The fraud-check.done event brings the result.`,
        params: IdParam,
        response: { 200: FraudCheckResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) =>
      fraudCheckResource(
        await pollFraudCheck(ctx.deps, limiter, req.principal.account.id, req.params.id),
      ),
  )

  app.delete<{ Params: { id: string } }>(
    '/fraud-checks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a fraud check and all its data',
        description: 'A check still pending is refunded and never scored.',
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteFraudCheck(ctx.deps, req.principal.account.id, req.params.id)
      return reply.status(204).send()
    },
  )
}
