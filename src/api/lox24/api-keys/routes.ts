import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { createApiKey, listApiKeys } from '../../../services/keys/manage-keys.js'
import {
  deleteOwnApiKey,
  getOwnApiKey,
  setOwnApiKeyActive,
} from '../../../services/keys/own-keys.js'
import { jsonLd } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import {
  ApiKeyCollection,
  ApiKeyIdParam,
  ApiKeyResource,
  CreateOwnKeyBody,
  CreatedApiKey,
  UpdateOwnKeyBody,
  apiKeyResource,
} from './schemas.js'

/**
 * The account's own API keys (spec §3.3 keeps them in the web account; here they are an API, which
 * the dashboard uses like any client). The token is in the answer to the creation only.
 */
export async function apiKeyRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['API keys']
  const caller = (req: { principal: { account: { id: number }; key: { id: number } } }) => ({
    accountId: req.principal.account.id,
    keyId: req.principal.key.id,
  })

  app.get(
    '/api_keys',
    {
      schema: {
        tags,
        summary: "List the account's API keys",
        response: { 200: ApiKeyCollection, ...errorResponses(401, 403, 429) },
      },
    },
    async (req) => {
      const keys = await listApiKeys(ctx.deps, req.principal.account.id)
      return {
        ...jsonLd('api_keys', '/api_keys'),
        'hydra:member': keys.map(apiKeyResource),
        'hydra:totalItems': keys.length,
      }
    },
  )

  app.post<{ Body: CreateOwnKeyBody }>(
    '/api_keys',
    {
      schema: {
        tags,
        summary: 'Create an API key',
        description: 'The answer holds the token and `auth_header`; they are shown this once.',
        body: CreateOwnKeyBody,
        response: { 201: CreatedApiKey, ...errorResponses(400, 401, 403, 413, 415, 422, 429) },
      },
    },
    async (req, reply) => {
      const accountId = req.principal.account.id
      const { key, token } = await createApiKey(ctx.deps, {
        accountId,
        name: req.body.name,
        ...(req.body.type === undefined ? {} : { type: req.body.type }),
        ipAllowlist: req.body.ip_allowlist ?? null,
      })
      reply.header('cache-control', 'no-store')
      return reply
        .status(201)
        .send({ ...apiKeyResource(key), token, auth_header: `${accountId}:${token}` })
    },
  )

  app.get<{ Params: ApiKeyIdParam }>(
    '/api_keys/:id',
    {
      schema: {
        tags,
        summary: 'Get an API key',
        params: ApiKeyIdParam,
        response: { 200: ApiKeyResource, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) =>
      apiKeyResource(await getOwnApiKey(ctx.deps, req.principal.account.id, Number(req.params.id))),
  )

  app.patch<{ Params: ApiKeyIdParam; Body: UpdateOwnKeyBody }>(
    '/api_keys/:id',
    {
      schema: {
        tags,
        summary: 'Enable or disable an API key',
        description: 'A key cannot disable itself (409 KEY_IN_USE).',
        params: ApiKeyIdParam,
        body: UpdateOwnKeyBody,
        response: {
          200: ApiKeyResource,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
        },
      },
    },
    async (req) => {
      const key = await setOwnApiKeyActive(
        ctx.deps,
        caller(req),
        Number(req.params.id),
        req.body.is_active,
      )
      ctx.keyCache.clear()
      return apiKeyResource(key)
    },
  )

  app.delete<{ Params: ApiKeyIdParam }>(
    '/api_keys/:id',
    {
      schema: {
        tags,
        summary: 'Delete an API key',
        description: 'A key cannot delete itself (409 KEY_IN_USE).',
        params: ApiKeyIdParam,
        response: {
          204: Type.Null({ description: 'Deleted' }),
          ...errorResponses(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (req, reply) => {
      await deleteOwnApiKey(ctx.deps, caller(req), Number(req.params.id))
      ctx.keyCache.clear()
      return reply.status(204).send()
    },
  )
}
