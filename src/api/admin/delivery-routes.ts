import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import {
  ConnectorIdPattern,
  CreateRouteBody,
  PutConnectorBody,
} from '../../services/connectors/connector.schemas.js'
import {
  addRoute,
  listConnectorConfigs,
  listRouteViews,
  putConnector,
  removeConnector,
  removeRoute,
} from '../../services/connectors/manage-connectors.js'
import { errorResponses } from '../lox24/responses.js'

const ConnectorParam = Type.Object({ id: Type.String({ pattern: ConnectorIdPattern }) })
const RouteParam = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) })

/** Carrier connectors and routes; a change reaches the running dispatcher at once. */
export async function adminDeliveryRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Operator: delivery']
  const errors = errorResponses(400, 401, 403, 404, 422)
  const changed = async () => {
    await ctx.delivery.configChanged()
  }

  app.get(
    '/admin/connectors',
    { schema: { tags, summary: 'List connectors with their live state' } },
    async () => ({
      connectors: await Promise.all(
        (await listConnectorConfigs(ctx.deps)).map(async (c) => ({
          ...c,
          state: await ctx.delivery.connectorState(c.id),
        })),
      ),
    }),
  )

  app.put<{ Params: Static<typeof ConnectorParam>; Body: PutConnectorBody }>(
    '/admin/connectors/:id',
    {
      schema: {
        tags,
        summary: 'Create or replace a connector',
        description:
          'kind `smpp` (SMPP 3.4 client), or `simulator`. The config is validated against the kind; see the examples in docs/connectors.md.',
        params: ConnectorParam,
        body: PutConnectorBody,
        response: errors,
      },
    },
    async (req) => {
      const c = await putConnector(ctx.deps, req.params.id, req.body)
      await changed()
      return c
    },
  )

  app.delete<{ Params: Static<typeof ConnectorParam> }>(
    '/admin/connectors/:id',
    { schema: { tags, summary: 'Remove a connector', params: ConnectorParam, response: errors } },
    async (req, reply) => {
      await removeConnector(ctx.deps, req.params.id)
      await changed()
      return reply.status(204).send()
    },
  )

  app.get('/admin/routes', { schema: { tags, summary: 'List routes' } }, async () => ({
    routes: await listRouteViews(ctx.deps),
  }))

  app.post<{ Body: CreateRouteBody }>(
    '/admin/routes',
    {
      schema: {
        tags,
        summary: 'Add a route',
        description:
          'Matches by account, number prefix, country and service; the most specific route wins and its connectors are tried in order.',
        body: CreateRouteBody,
        response: errors,
      },
    },
    async (req, reply) => {
      const r = await addRoute(ctx.deps, req.body)
      await changed()
      return reply.status(201).send(r)
    },
  )

  app.delete<{ Params: Static<typeof RouteParam> }>(
    '/admin/routes/:id',
    { schema: { tags, summary: 'Remove a route', params: RouteParam, response: errors } },
    async (req, reply) => {
      await removeRoute(ctx.deps, Number(req.params.id))
      await changed()
      return reply.status(204).send()
    },
  )
}
