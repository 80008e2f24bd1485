import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import type { RawQuery } from '../../../domain/query/parse-query.js'
import { PHONE_FILTERS } from '../../../services/groups/group-filters.js'
import {
  MAX_BATCH_PHONES,
  PhoneBatchBody,
  PhoneBody,
} from '../../../services/groups/groups.schemas.js'
import {
  addPhone,
  addPhones,
  deletePhone,
  getPhone,
  listPhones,
  replacePhone,
} from '../../../services/groups/manage-phones.js'
import { collection, querystringSchema, rawQuery } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import { BATCH_BODY_LIMIT, IdParam } from './params.js'
import { PhoneBatchResult, PhoneCollection, PhoneResource, phoneResource } from './schemas.js'

/** The phones of a group (spec §11.2–§11.4) and single phone entries (§11.6–§11.8). */
export async function phoneRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Phones']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id

  app.get<{ Params: IdParam }>(
    '/groups/:id/phones',
    {
      schema: {
        tags,
        summary: "List a group's phones, in the order they were added",
        params: IdParam,
        querystring: querystringSchema(PHONE_FILTERS, true),
        response: { 200: PhoneCollection, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      const id = Number(req.params.id)
      const { items, total, page } = await listPhones(
        ctx.deps,
        account(req),
        id,
        req.query as RawQuery,
      )
      return collection({
        type: 'Phone',
        basePath: `/groups/${id}/phones`,
        rawQuery: rawQuery(req),
        items: items.map(phoneResource),
        total,
        page,
        spec: PHONE_FILTERS,
      })
    },
  )

  app.post<{ Params: IdParam; Body: PhoneBody }>(
    '/groups/:id/phones',
    {
      attachValidation: true,
      schema: {
        tags,
        summary: 'Add one phone to a group',
        description:
          'The number is normalised to E.164 as for POST /sms; one that cannot be is a 422 naming `phone`.',
        params: IdParam,
        body: PhoneBody,
        response: { 201: PhoneResource, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req, reply) => {
      wholeBodyCheck(req)
      const phone = await addPhone(ctx.deps, req.principal.account, Number(req.params.id), req.body)
      return reply.status(201).send(phoneResource(phone))
    },
  )

  app.post<{ Params: IdParam; Body: PhoneBatchBody }>(
    '/groups/:id/phones/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags,
        summary: `Add up to ${MAX_BATCH_PHONES} phones to a group`,
        description:
          'Each item is checked on its own: the valid ones are stored (in one transaction) and each refused one is ' +
          'listed in `errors` by index, e.g. `[3].phone`. When no item is valid nothing is stored and the answer is a 422.',
        params: IdParam,
        body: PhoneBatchBody,
        response: { 201: PhoneBatchResult, ...errorResponses(400, 401, 403, 404, 413, 422, 429) },
      },
    },
    async (req, reply) => {
      const id = Number(req.params.id)
      const r = await addPhones(ctx.deps, req.principal.account, id, req.body)
      return reply.status(201).send({
        '@context': '/contexts/Phone',
        '@id': `/groups/${id}/phones`,
        '@type': 'hydra:Collection',
        'hydra:totalItems': r.stored.length,
        'hydra:member': r.stored.map(phoneResource),
        rejected: r.rejected,
        errors: r.errors,
      })
    },
  )

  app.get<{ Params: IdParam }>(
    '/phones/:id',
    {
      schema: {
        tags,
        summary: 'Get a phone entry',
        params: IdParam,
        response: { 200: PhoneResource, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) => phoneResource(await getPhone(ctx.deps, account(req), Number(req.params.id))),
  )

  app.put<{ Params: IdParam; Body: PhoneBody }>(
    '/phones/:id',
    {
      attachValidation: true,
      schema: {
        tags,
        summary: 'Replace a phone entry',
        description:
          '`phone` is required; columns left out become null; subscription fields are kept.',
        params: IdParam,
        body: PhoneBody,
        response: { 200: PhoneResource, ...errorResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (req) => {
      wholeBodyCheck(req)
      return phoneResource(
        await replacePhone(ctx.deps, req.principal.account, Number(req.params.id), req.body),
      )
    },
  )

  app.delete<{ Params: IdParam }>(
    '/phones/:id',
    {
      schema: {
        tags,
        summary: 'Delete a phone entry',
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deletePhone(ctx.deps, account(req), Number(req.params.id))
      return reply.status(204).send()
    },
  )
}

/**
 * The phone body schema documents the fields; the service checks them (with the number, which
 * the schema cannot) and names every wrong one. Only a body that is no object at all, or a bad
 * path id, is answered from the schema check.
 */
function wholeBodyCheck(req: FastifyRequest): void {
  const e = req.validationError
  if (e === undefined) return
  const body = req.body
  if (
    e.validationContext !== 'body' ||
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body)
  )
    throw e
}
