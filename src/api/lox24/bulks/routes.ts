import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { BULK_FILTERS } from '../../../domain/message/bulk-filters.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import { CreateBulkBody } from '../../../services/bulks/bulk.schemas.js'
import { createBulk } from '../../../services/bulks/create-bulk.js'
import { cancelBulk, deleteBulk, getBulk, listBulks } from '../../../services/bulks/manage-bulks.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import { inRequestTerms } from '../../violation-names.js'
import { LOX24_BULK_FIELDS, lox24BulkCommand } from './to-command.js'
import {
  BulkCollection,
  BulkResource,
  BulkShortResource,
  bulkResource,
  bulkShortResource,
} from './schemas.js'

const IdParam = Type.Object({ id: Type.String() })

/** Bulks (spec §8): one text to many recipients, made into SMS in the background. */
export async function bulkRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Bulks']

  for (const [path, dryrun] of [
    ['/bulks', false],
    ['/bulks/dryrun', true],
  ] as const) {
    app.post<{ Body: CreateBulkBody }>(
      path,
      {
        schema: {
          tags,
          summary: dryrun ? 'Price a bulk without sending it' : 'Send one text to many recipients',
          description: dryrun
            ? 'Checked and priced like POST /bulks and kept with is_dryrun true; no SMS, no charge.'
            : 'The cost of every recipient is reserved at once (402 if the balance does not cover it); the SMS are made in the background.',
          body: CreateBulkBody,
          response: { 201: BulkResource, ...errorResponses(400, 401, 402, 403, 422, 429) },
        },
      },
      async (req, reply) => {
        const command = lox24BulkCommand({
          principal: req.principal,
          ip: req.ip,
          body: req.body,
          dryrun,
        })
        const bulk = await inRequestTerms(LOX24_BULK_FIELDS, createBulk(ctx.deps, command))
        return reply.status(201).send(bulkResource(bulk))
      },
    )
  }

  app.get(
    '/bulks',
    {
      schema: {
        tags,
        summary: 'List bulks',
        description: 'Newest first unless `_order[...]` says otherwise; 30 per page.',
        querystring: querystringSchema(BULK_FILTERS, true),
        response: { 200: BulkCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listBulks(
        ctx.deps,
        req.principal.account.id,
        req.query as RawQuery,
      )
      return collection({
        type: 'Bulk',
        basePath: '/bulks',
        rawQuery: rawQuery(req),
        items: items.map(bulkResource),
        total,
        page,
        spec: BULK_FILTERS,
      })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/bulks/:id',
    {
      schema: {
        tags,
        summary: 'Get a bulk',
        params: IdParam,
        response: { 200: BulkResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) => bulkResource(await getBulk(ctx.deps, req.principal.account.id, req.params.id)),
  )

  app.get<{ Params: { id: string } }>(
    '/bulks/:id/status',
    {
      schema: {
        tags,
        summary: 'Short status of a bulk',
        params: IdParam,
        response: { 200: BulkShortResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) =>
      bulkShortResource(await getBulk(ctx.deps, req.principal.account.id, req.params.id)),
  )

  app.put<{ Params: { id: string } }>(
    '/bulks/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a bulk',
        description:
          'While new (0), processing (5), or any of its SMS is unsent (a scheduled bulk shows 100 once made): SMS not yet sent stop (410) and are refunded; sent ones stay. 409 when nothing is left to cancel.',
        params: IdParam,
        response: { 200: BulkShortResource, ...errorResponses(401, 403, 404, 409, 429) },
      },
    },
    async (req) =>
      bulkShortResource(await cancelBulk(ctx.deps, req.principal.account.id, req.params.id)),
  )

  app.delete<{ Params: { id: string } }>(
    '/bulks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a bulk and its SMS',
        description: 'A running bulk is stopped first; SMS not yet sent are refunded.',
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteBulk(ctx.deps, req.principal.account.id, req.params.id)
      return reply.status(204).send()
    },
  )
}
