import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { AppError } from '../../errors/app-error.js'
import type { RawQuery } from '../../domain/query/parse-query.js'
import {
  CreateInboundNumberBody,
  InboundNumber,
  SimulatedMoBody,
  UpdateInboundNumberBody,
} from '../../services/incomings/inbound-number.schemas.js'
import {
  createInboundNumber,
  deleteInboundNumber,
  getInboundNumber,
  listInboundNumbers,
  updateInboundNumber,
} from '../../services/incomings/manage-inbound-numbers.js'
import { getIncomingForOperator, listIncomings } from '../../services/incomings/query-incomings.js'
import { errorResponses } from '../lox24/responses.js'

const Id = Type.String({ pattern: '^[1-9][0-9]{0,9}$' })
const IdParam = Type.Object({ id: Id })
const ListQuery = Type.Object({ account_id: Type.Optional(Id) })

/** Inbound numbers, inbound SMS no account could be found for, and the simulator's MO hook. */
export async function adminInboundRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Operator']
  const errors = errorResponses(400, 401, 403, 404, 409, 422)

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/admin/inbound-numbers',
    { schema: { tags, summary: 'List inbound numbers', querystring: ListQuery, response: errors } },
    async (req) => {
      const accountId = req.query.account_id === undefined ? null : Number(req.query.account_id)
      return { inbound_numbers: await listInboundNumbers(ctx.deps, accountId) }
    },
  )

  app.post<{ Body: CreateInboundNumberBody }>(
    '/admin/inbound-numbers',
    {
      schema: {
        tags,
        summary: 'Assign an inbound number to an account',
        body: CreateInboundNumberBody,
        response: { 201: InboundNumber, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createInboundNumber(ctx.deps, req.body)),
  )

  app.get<{ Params: Static<typeof IdParam> }>(
    '/admin/inbound-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Get an inbound number',
        params: IdParam,
        response: { 200: InboundNumber, ...errors },
      },
    },
    async (req) => getInboundNumber(ctx.deps, Number(req.params.id)),
  )

  app.patch<{ Params: Static<typeof IdParam>; Body: UpdateInboundNumberBody }>(
    '/admin/inbound-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Move an inbound number to another account or change its endpoint',
        params: IdParam,
        body: UpdateInboundNumberBody,
        response: { 200: InboundNumber, ...errors },
      },
    },
    async (req) => updateInboundNumber(ctx.deps, Number(req.params.id), req.body),
  )

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/admin/inbound-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Release an inbound number',
        params: IdParam,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteInboundNumber(ctx.deps, Number(req.params.id))
      return reply.status(204).send()
    },
  )

  app.get(
    '/admin/incomings/unrouted',
    {
      schema: {
        tags,
        summary: 'Inbound SMS no account could be found for',
        description:
          'Neither to an inbound number nor a reply to a recent SMS of an account that owns the number replied to; newest first, 30 per page.',
        response: errors,
      },
    },
    async (req) => listIncomings(ctx.deps, null, req.query as RawQuery),
  )

  app.post<{ Body: SimulatedMoBody }>(
    '/admin/simulator/mo',
    {
      schema: {
        tags,
        summary: 'Make the built-in simulator originate an inbound SMS',
        description:
          'The message takes the path of every inbound SMS (routing, reply linking, opt-out, events); the answer is the stored message.',
        body: SimulatedMoBody,
        response: errors,
      },
    },
    async (req, reply) => {
      if (!ctx.delivery.local)
        throw new AppError('UNAVAILABLE', { detail: 'no delivery engine in this process' })
      const stored = await ctx.delivery.simulateMo(req.body)
      if (stored === 'no-simulator')
        throw new AppError('SIMULATOR_NOT_RUNNING', { id: req.body.connector ?? '(any)' })
      return reply.status(201).send(await getIncomingForOperator(ctx.deps, stored.uuid))
    },
  )
}
