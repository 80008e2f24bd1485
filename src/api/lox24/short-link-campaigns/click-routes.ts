import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import type { ServerContext } from '../../server-context.js'
import { CLICK_FILTERS, SMS_CLICKS_FILTERS } from '../../../services/links/click-filters.js'
import {
  clickLog,
  listSmsClicks,
  smsClicks,
  type ClickLogOf,
} from '../../../services/links/click-reports.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import {
  ClickCollection,
  ClickCountCollection,
  ClickCountResource,
  clickCountResource,
  clickResource,
  CodeParam,
} from './schemas.js'

/**
 * The click reports (spec §12.7–§12.9) other than those of one SMS, which sms/routes.ts serves
 * beside the SMS. `/sms/clicks` is a fixed path: the router matches it before `/sms/{uuid}`.
 */
export async function clickReportRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Short links']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id

  const logs = [
    ['/bulks/:id/requests', 'id', (v: string): ClickLogOf => ({ bulk: v }), 'one bulk'],
    [
      '/short_link_campaigns/:code/requests',
      'code',
      (v: string): ClickLogOf => ({ campaign: v }),
      'the links of one campaign (also after it was deleted)',
    ],
  ] as const
  for (const [path, param, of, what] of logs) {
    app.get<{ Params: Record<string, string> }>(
      path,
      {
        schema: {
          tags,
          summary: `Click log of ${what}`,
          description:
            'Every request of the short links, bots and link-preview fetchers included (`bot` true); oldest first.',
          params: param === 'code' ? CodeParam : Type.Object({ id: Type.String() }),
          querystring: querystringSchema(CLICK_FILTERS, true),
          response: { 200: ClickCollection, ...errorResponses(400, 401, 403, 404, 429) },
        },
      },
      async (req) => {
        const value = req.params[param]!
        const { items, total, page } = await clickLog(
          ctx.deps,
          account(req),
          of(value),
          req.query as RawQuery,
        )
        return collection({
          type: 'requests',
          basePath: path.replace(`:${param}`, encodeURIComponent(value)),
          rawQuery: rawQuery(req),
          items: items.map(clickResource),
          total,
          page,
          spec: CLICK_FILTERS,
        })
      },
    )
  }

  app.get(
    '/sms/clicks',
    {
      schema: {
        tags,
        summary: 'SMS with a short link, and their clicks',
        description:
          '`requests_count` counts people only: bots and link-preview fetchers are left out.',
        querystring: querystringSchema(SMS_CLICKS_FILTERS, true),
        response: { 200: ClickCountCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listSmsClicks(
        ctx.deps,
        account(req),
        req.query as RawQuery,
      )
      return collection({
        type: 'clicks',
        basePath: '/sms/clicks',
        rawQuery: rawQuery(req),
        items: items.map((c) => clickCountResource(c, `/sms/clicks/${c.uuid}`)),
        total,
        page,
        spec: SMS_CLICKS_FILTERS,
      })
    },
  )

  app.get<{ Params: { uuid: string } }>(
    '/sms/clicks/:uuid',
    {
      schema: {
        tags,
        summary: 'Clicks of one SMS',
        description: '404 for an SMS without a short link (spec §12.9).',
        params: Type.Object({ uuid: Type.String() }),
        response: { 200: ClickCountResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) => {
      const c = await smsClicks(ctx.deps, account(req), req.params.uuid, { orZero: false })
      return clickCountResource(c, `/sms/clicks/${c.uuid}`)
    },
  )
}
