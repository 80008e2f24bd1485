import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import { GROUP_FILTERS } from '../../../services/groups/group-filters.js'
import {
  CreateGroupBody,
  GroupBody,
  GroupPatchBody,
  MAX_BATCH_PHONES,
} from '../../../services/groups/groups.schemas.js'
import {
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  patchGroup,
  replaceGroup,
} from '../../../services/groups/manage-groups.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import { csvRoutes } from './csv-routes.js'
import { BATCH_BODY_LIMIT, IdParam } from './params.js'
import { phoneRoutes } from './phone-routes.js'
import { GroupCollection, GroupResource, groupResource } from './schemas.js'

/** Groups (spec §10) and their phones (§11). */
export async function groupRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Groups']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id

  app.post<{ Body: CreateGroupBody }>(
    '/groups',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Create a group',
        description: `Optionally with its first phones (up to ${MAX_BATCH_PHONES}, stored all or none).`,
        body: CreateGroupBody,
        response: { 201: GroupResource, ...errorResponses(400, 401, 403, 413, 422, 429) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(groupResource(await createGroup(ctx.deps, req.principal.account, req.body))),
  )

  app.get(
    '/groups',
    {
      schema: {
        tags,
        summary: 'List groups, newest first',
        querystring: querystringSchema(GROUP_FILTERS, true),
        response: { 200: GroupCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listGroups(ctx.deps, account(req), req.query as RawQuery)
      return collection({
        type: 'Group',
        basePath: '/groups',
        rawQuery: rawQuery(req),
        items: items.map(groupResource),
        total,
        page,
        spec: GROUP_FILTERS,
      })
    },
  )

  app.get<{ Params: IdParam }>(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'Get a group',
        params: IdParam,
        response: { 200: GroupResource, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => groupResource(await getGroup(ctx.deps, account(req), Number(req.params.id))),
  )

  app.put<{ Params: IdParam; Body: GroupBody }>(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'Replace a group',
        description:
          'Every writable field is replaced; those left out become null. `name` is required.',
        params: IdParam,
        body: GroupBody,
        response: { 200: GroupResource, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req) =>
      groupResource(await replaceGroup(ctx.deps, account(req), Number(req.params.id), req.body)),
  )

  app.patch<{ Params: IdParam; Body: GroupPatchBody }>(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'Change a group',
        description:
          'Only the fields sent change (application/merge-patch+json or application/json); null clears a field.',
        consumes: ['application/merge-patch+json', 'application/json'],
        params: IdParam,
        body: GroupPatchBody,
        response: { 200: GroupResource, ...errorResponses(400, 401, 403, 404, 415, 422, 429) },
      },
    },
    async (req) =>
      groupResource(await patchGroup(ctx.deps, account(req), Number(req.params.id), req.body)),
  )

  app.delete<{ Params: IdParam }>(
    '/groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group and all its phones',
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteGroup(ctx.deps, account(req), Number(req.params.id))
      return reply.status(204).send()
    },
  )

  await phoneRoutes(app, ctx)
  await csvRoutes(app, ctx)
}
