import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import type { ServerContext } from '../../server-context.js'
import { CAMPAIGN_FILTERS } from '../../../services/links/campaign-filters.js'
import { CampaignBody, FormCampaignBody } from '../../../services/links/campaigns.schemas.js'
import {
  createCampaign,
  createFormCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  replaceCampaign,
} from '../../../services/links/manage-campaigns.js'
import type { LinkResolver } from '../../../services/links/resolve-link.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import { CampaignCollection, CampaignResource, campaignResource, CodeParam } from './schemas.js'

/** Short-link campaigns (spec §12.1–§12.5, paths as G-38 infers them). */
export async function shortLinkCampaignRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  resolver: LinkResolver,
): Promise<void> {
  const tags = ['Short links']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id
  const deps = {
    ...ctx.deps,
    onCampaignChange: (code: string) => resolver.forgetCampaign(code),
  }

  app.post<{ Body: CampaignBody }>(
    '/short_link_campaigns',
    {
      schema: {
        tags,
        summary: 'Create a short-link campaign',
        description:
          'Types 1 (simple tracking) and 2 (extended, per recipient) need `url`; 3 (subscribe form) and 4 (unsubscribe form) need `group_id` and take no `url`.',
        body: CampaignBody,
        response: { 201: CampaignResource, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(campaignResource(await createCampaign(deps, account(req), req.body))),
  )

  for (const form of ['subscribe', 'unsubscribe'] as const) {
    app.post<{ Body: FormCampaignBody }>(
      `/short_link_campaigns/${form}`,
      {
        schema: {
          tags,
          summary: `Create a${form === 'subscribe' ? '' : 'n'} ${form} link`,
          description: `Its short link shows a hosted form where a recipient confirms their number by an SMS code; the number is then ${form === 'subscribe' ? 'added to' : 'marked unsubscribed in'} the group.`,
          body: FormCampaignBody,
          response: { 201: CampaignResource, ...errorResponses(400, 401, 403, 422, 429) },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(campaignResource(await createFormCampaign(deps, account(req), form, req.body))),
    )
  }

  app.get(
    '/short_link_campaigns',
    {
      schema: {
        tags,
        summary: 'List short-link campaigns, newest first',
        querystring: querystringSchema(CAMPAIGN_FILTERS, true),
        response: { 200: CampaignCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listCampaigns(deps, account(req), req.query as RawQuery)
      return collection({
        type: 'ShortLinkCampaign',
        basePath: '/short_link_campaigns',
        rawQuery: rawQuery(req),
        items: items.map(campaignResource),
        total,
        page,
        spec: CAMPAIGN_FILTERS,
      })
    },
  )

  app.get<{ Params: CodeParam }>(
    '/short_link_campaigns/:code',
    {
      schema: {
        tags,
        summary: 'Get a short-link campaign',
        params: CodeParam,
        response: { 200: CampaignResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) => campaignResource(await getCampaign(deps, account(req), req.params.code)),
  )

  app.put<{ Params: CodeParam; Body: CampaignBody }>(
    '/short_link_campaigns/:code',
    {
      schema: {
        tags,
        summary: 'Replace a short-link campaign',
        description:
          'Every field is replaced and checked as on creation; the links already sent lead to the new URL.',
        params: CodeParam,
        body: CampaignBody,
        response: { 200: CampaignResource, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req) =>
      campaignResource(await replaceCampaign(deps, account(req), req.params.code, req.body)),
  )

  app.delete<{ Params: CodeParam }>(
    '/short_link_campaigns/:code',
    {
      schema: {
        tags,
        summary: 'Delete a short-link campaign',
        description:
          'Its links answer 410 Gone from then on; its click log stays readable at /short_link_campaigns/{code}/requests.',
        params: CodeParam,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteCampaign(deps, account(req), req.params.code)
      return reply.status(204).send()
    },
  )
}
