import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import {
  deleteSenderNumberForOperator,
  getSenderNumberForOperator,
  listSenderNumbersForOperator,
  verifySenderNumberByOperator,
} from '../../services/senders/manage-sender-numbers.js'
import {
  OperatorSenderNumber,
  OperatorSenderNumberBody,
} from '../../services/senders/sender-number.schemas.js'
import { errorResponses } from '../lox24/responses.js'

const Id = Type.String({ pattern: '^[1-9][0-9]{0,9}$' })
const IdParam = Type.Object({ id: Id })
const ListQuery = Type.Object({ account_id: Type.Optional(Id) })

/** Sender numbers of every account: the operator vouches for one, or revokes it. */
export async function adminSenderNumberRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
): Promise<void> {
  const tags = ['Operator']
  const errors = errorResponses(400, 401, 403, 404, 409, 422)

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/admin/sender-numbers',
    {
      schema: {
        tags,
        summary: 'List sender numbers (pending and verified)',
        querystring: ListQuery,
        response: {
          200: Type.Object({ sender_numbers: Type.Array(OperatorSenderNumber) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const accountId = req.query.account_id === undefined ? null : Number(req.query.account_id)
      return { sender_numbers: await listSenderNumbersForOperator(ctx.deps, accountId) }
    },
  )

  app.post<{ Body: OperatorSenderNumberBody }>(
    '/admin/sender-numbers',
    {
      schema: {
        tags,
        summary: 'Verify a sender number for an account',
        description:
          'Replies to the number may then go to the account. A pending registration of the ' +
          'account is verified.',
        body: OperatorSenderNumberBody,
        response: { 201: OperatorSenderNumber, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await verifySenderNumberByOperator(ctx.deps, req.body)),
  )

  app.get<{ Params: Static<typeof IdParam> }>(
    '/admin/sender-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Get a sender number',
        params: IdParam,
        response: { 200: OperatorSenderNumber, ...errors },
      },
    },
    async (req) => getSenderNumberForOperator(ctx.deps, Number(req.params.id)),
  )

  app.delete<{ Params: Static<typeof IdParam> }>(
    '/admin/sender-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a sender number',
        params: IdParam,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteSenderNumberForOperator(ctx.deps, Number(req.params.id))
      return reply.status(204).send()
    },
  )
}
