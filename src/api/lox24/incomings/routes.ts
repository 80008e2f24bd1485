import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { INCOMING_FILTERS } from '../../../domain/incoming/incoming-filters.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import {
  deleteIncoming,
  getIncoming,
  listIncomings,
} from '../../../services/incomings/query-incomings.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import { IncomingCollection, IncomingResource, incomingResource } from './schemas.js'

const UuidParam = Type.Object({ uuid: Type.String() })

/** Incomings (spec §9): SMS to the account's inbound numbers and replies to its SMS. */
export async function incomingRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Incomings']

  app.get(
    '/incomings',
    {
      schema: {
        tags,
        summary: 'List received SMS',
        description: 'Newest first unless `_order[received_at]` says otherwise; 30 per page.',
        querystring: querystringSchema(INCOMING_FILTERS, true),
        response: { 200: IncomingCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listIncomings(
        ctx.deps,
        req.principal.account.id,
        req.query as RawQuery,
      )
      return collection({
        type: 'Incoming',
        basePath: '/incomings',
        rawQuery: rawQuery(req),
        items: items.map(incomingResource),
        total,
        page,
        spec: INCOMING_FILTERS,
      })
    },
  )

  app.get<{ Params: { uuid: string } }>(
    '/incomings/:uuid',
    {
      schema: {
        tags,
        summary: 'Get a received SMS',
        params: UuidParam,
        response: { 200: IncomingResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) =>
      incomingResource(await getIncoming(ctx.deps, req.principal.account.id, req.params.uuid)),
  )

  app.delete<{ Params: { uuid: string } }>(
    '/incomings/:uuid',
    {
      schema: {
        tags,
        summary: 'Delete a received SMS',
        params: UuidParam,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteIncoming(ctx.deps, req.principal.account.id, req.params.uuid)
      return reply.status(204).send()
    },
  )
}
