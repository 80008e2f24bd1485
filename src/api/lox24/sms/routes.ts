import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { AppError } from '../../../errors/app-error.js'
import { SMS_FILTERS } from '../../../domain/message/sms-filters.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import {
  batchCancelSms,
  batchDeleteSms,
  deleteOneSms,
} from '../../../services/sms/cancel-delete-sms.js'
import { getSms, listSms } from '../../../services/sms/query-sms.js'
import { dryrunSms, sendSms } from '../../../services/sms/send-sms.js'
import { SendSmsBody } from '../../../services/sms/sms.schemas.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import {
  BatchResult,
  ClickCountResource,
  ClickLogCollection,
  SmsAttemptCollection,
  SmsCollection,
  smsAttemptResource,
  SmsReceiptsResource,
  SmsResource,
  smsResource,
} from './schemas.js'
import { smsReceipts } from '../../../services/sms/sms-receipts.js'
import { smsAttempts } from '../../../services/sms/sms-attempts.js'
import { SMS_ATTEMPT_FILTERS } from '../../../domain/events/attempt-filters.js'
import { CLICK_LOG_FILTERS } from '../../../domain/message/click-log-filters.js'
import { smsClickCount, smsClickLog } from '../../../services/sms/short-link-stats.js'
import { jsonLd } from '../../hydra.js'
import { clickResource } from '../short-link-campaigns/schemas.js'
import { inRequestTerms } from '../../violation-names.js'
import { LOX24_SMS_FIELDS, lox24SendCommand } from './to-command.js'
import { smsAudioRoute } from './audio-route.js'

const UuidParam = Type.Object({ uuid: Type.String() })
// A uuid that is not one is refused naming the parameter; the older routes answer 404 for it.
const StrictUuidParam = Type.Object({
  uuid: Type.String({
    pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$',
    description: 'The SMS uuid',
  }),
})
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/

export async function smsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['SMS']

  app.post<{ Body: SendSmsBody }>(
    '/sms',
    {
      schema: {
        tags,
        summary: 'Send one SMS',
        description:
          'Validates, prices and reserves the price, then queues the SMS. An `Idempotency-Key` header makes retries safe for 24 h.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: SendSmsBody,
        response: { 201: SmsResource, ...errorResponses(400, 401, 402, 403, 422, 429) },
      },
    },
    async (req, reply) => {
      const command = lox24SendCommand(req, idempotencyKey(req))
      const result = await inRequestTerms(LOX24_SMS_FIELDS, sendSms(ctx.deps, command))
      if (result.replayed) reply.header('Idempotent-Replayed', 'true')
      return reply.status(201).send(smsResource(result.sms))
    },
  )

  app.post<{ Body: SendSmsBody }>(
    '/sms/dryrun',
    {
      schema: {
        tags,
        summary: 'Simulate sending one SMS',
        description: `Validated and priced like POST /sms; nothing is stored or charged. The uuid is always 11111111-2222-3333-4444-555555555555.`,
        body: SendSmsBody,
        response: { 201: SmsResource, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (req, reply) => {
      const sms = await inRequestTerms(LOX24_SMS_FIELDS, dryrunSms(ctx.deps, lox24SendCommand(req)))
      return reply.status(201).send(smsResource(sms))
    },
  )

  app.get(
    '/sms',
    {
      schema: {
        tags,
        summary: 'List SMS',
        description: 'Newest first unless `_order[...]` says otherwise; 30 per page.',
        querystring: querystringSchema(SMS_FILTERS, true),
        response: { 200: SmsCollection, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req) => {
      const { items, total, page } = await listSms(
        ctx.deps,
        req.principal.account.id,
        req.query as RawQuery,
      )
      return collection({
        type: 'sms',
        basePath: '/sms',
        rawQuery: rawQuery(req),
        items: items.map(smsResource),
        total,
        page,
        spec: SMS_FILTERS,
      })
    },
  )

  for (const [op, run, summary] of [
    ['batch_cancel', batchCancelSms, 'Cancel every matching SMS not yet sent'],
    ['batch_delete', batchDeleteSms, 'Delete every matching SMS irrevocably'],
  ] as const) {
    app.post(
      `/sms/ops/${op}`,
      {
        schema: {
          tags,
          summary,
          description:
            'Takes the filters of GET /sms in the query string; without any it applies to all.',
          querystring: querystringSchema(SMS_FILTERS, false),
          response: { 200: BatchResult, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (req) => ({
        deleted_sms_count: await run(ctx.deps, req.principal.account.id, req.query as RawQuery),
      }),
    )
  }

  app.get<{ Params: { uuid: string } }>(
    '/sms/:uuid',
    {
      schema: {
        tags,
        summary: 'Get one SMS (pull its delivery report)',
        params: UuidParam,
        response: { 200: SmsResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) => smsResource(await getSms(ctx.deps, req.principal.account.id, req.params.uuid)),
  )

  await smsAudioRoute(app, ctx)

  // The `requests` and `clicks` IRIs every SMS object carries (decisions.md: short links).
  app.get<{ Params: { uuid: string } }>(
    '/sms/:uuid/requests',
    {
      schema: {
        tags,
        summary: 'Click log of one SMS',
        description:
          'Every request of its short links, bots and link-preview fetchers included (`bot` true); oldest first. 404 for an SMS not of the account.',
        params: UuidParam,
        querystring: querystringSchema(CLICK_LOG_FILTERS, true),
        response: { 200: ClickLogCollection, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      const { uuid } = req.params
      const query = req.query as RawQuery
      const { items, total, page } = await smsClickLog(
        ctx.deps,
        req.principal.account.id,
        uuid,
        query,
      )
      return collection({
        type: 'requests',
        basePath: `/sms/${uuid.toLowerCase()}/requests`,
        rawQuery: rawQuery(req),
        items: items.map(clickResource),
        total,
        page,
        spec: CLICK_LOG_FILTERS,
      })
    },
  )

  app.get<{ Params: { uuid: string } }>(
    '/sms/:uuid/clicks',
    {
      schema: {
        tags,
        summary: 'Click count of one SMS',
        description:
          'Clicks by people on its short links (bots and link-preview fetchers are not counted); 0 for an SMS of the account without one, 404 for an SMS not of the account. The same count as GET /sms/clicks/{uuid}.',
        params: UuidParam,
        response: { 200: ClickCountResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) => {
      const c = await smsClickCount(ctx.deps, req.principal.account.id, req.params.uuid)
      return { ...jsonLd('clicks', `/sms/${c.uuid}/clicks`), ...c }
    },
  )

  app.get<{ Params: { uuid: string } }>(
    '/sms/:uuid/receipts',
    {
      schema: {
        tags,
        summary: 'Delivery history of one SMS',
        description:
          "Every change the carrier's delivery receipts made to the SMS, with its time, dlr_code and the carrier's error. Oldest first.",
        params: UuidParam,
        response: { 200: SmsReceiptsResource, ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req) => {
      const r = await smsReceipts(ctx.deps, req.principal.account.id, req.params.uuid)
      return { ...jsonLd('receipts', `/sms/${r.uuid}/receipts`), ...r }
    },
  )

  app.get<{ Params: { uuid: string } }>(
    '/sms/:uuid/attempts',
    {
      schema: {
        tags,
        summary: 'Webhook attempts of one SMS',
        description:
          "Every attempt to deliver an event about the SMS to the account's webhooks (and its push URL or Kannel dlr-url): time, target, HTTP status or error, duration, attempt number and the next retry. Oldest first unless `_order[attempted_at]` says otherwise; 30 per page.",
        params: StrictUuidParam,
        querystring: querystringSchema(SMS_ATTEMPT_FILTERS, true),
        response: { 200: SmsAttemptCollection, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      const r = await smsAttempts(
        ctx.deps,
        req.principal.account.id,
        req.params.uuid,
        req.query as RawQuery,
      )
      return collection({
        type: 'SmsAttempt',
        basePath: `/sms/${r.uuid}/attempts`,
        rawQuery: rawQuery(req),
        items: r.items.map((a) => smsAttemptResource(r.uuid, a)),
        total: r.total,
        page: r.page,
        spec: SMS_ATTEMPT_FILTERS,
      })
    },
  )

  app.delete<{ Params: { uuid: string } }>(
    '/sms/:uuid',
    {
      schema: {
        tags,
        summary: 'Delete one SMS',
        description: 'An SMS not yet sent is cancelled and its price refunded.',
        params: UuidParam,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteOneSms(ctx.deps, req.principal.account.id, req.params.uuid)
      return reply.status(204).send()
    },
  )
}

function idempotencyKey(req: FastifyRequest): string | undefined {
  const v = req.headers['idempotency-key']
  const key = Array.isArray(v) ? v[0] : v
  if (key === undefined) return undefined
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('BAD_REQUEST', {
      detail: 'Idempotency-Key must be 1-255 visible ASCII characters',
    })
  }
  return key
}
