import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import {
  deleteSenderNumber,
  getSenderNumber,
  listSenderNumbers,
} from '../../../services/senders/manage-sender-numbers.js'
import {
  RegisterSenderNumberBody,
  VerifySenderNumberBody,
} from '../../../services/senders/sender-number.schemas.js'
import {
  confirmSenderNumber,
  registerSenderNumber,
  resendSenderCode,
} from '../../../services/senders/verify-sender-number.js'
import { collection } from '../../hydra.js'
import { errorResponses } from '../responses.js'
import {
  SENDER_NUMBER_FILTERS,
  SenderNumberCollection,
  SenderNumberResource,
  senderNumberResource,
} from './schemas.js'

const IdParam = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) })
type IdParam = Static<typeof IdParam>

const TAG_DESCRIPTION =
  'Taube extension, not part of the LOX24 API. Any sender id may be used to send; a numeric ' +
  'one attracts replies (GET /incomings) only once the account has verified it.'

/**
 * Sender numbers (a Taube extension): numeric sender ids the account proves it holds, by a code
 * sent to the number, so that replies to them come to the account and to no other.
 */
export async function senderNumberRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Sender numbers']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id
  const id = (p: IdParam) => Number(p.id)

  app.post<{ Body: RegisterSenderNumberBody }>(
    '/sender-numbers',
    {
      schema: {
        tags,
        summary: 'Register a sender number; a code is sent to it by SMS',
        description:
          `${TAG_DESCRIPTION} The code expires after 10 minutes and takes 5 attempts. The SMS ` +
          'is free of charge; a number gets at most one code a minute and 5 a day, an account ' +
          '20 a day (429 with Retry-After beyond).',
        body: RegisterSenderNumberBody,
        response: { 201: SenderNumberResource, ...errorResponses(400, 401, 403, 409, 422, 429) },
      },
    },
    async (req, reply) => {
      const created = await registerSenderNumber(ctx.deps, req.principal.account, req.body)
      return reply.status(201).send(senderNumberResource(created))
    },
  )

  app.get(
    '/sender-numbers',
    {
      schema: {
        tags,
        summary: 'List sender numbers',
        description: TAG_DESCRIPTION,
        response: { 200: SenderNumberCollection, ...errorResponses(401, 403, 429) },
      },
    },
    async (req) => {
      const items = await listSenderNumbers(ctx.deps, account(req))
      return collection({
        type: 'SenderNumber',
        basePath: '/sender-numbers',
        rawQuery: '',
        items: items.map(senderNumberResource),
        total: items.length,
        page: 1,
        spec: SENDER_NUMBER_FILTERS,
      })
    },
  )

  app.get<{ Params: IdParam }>(
    '/sender-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Get a sender number',
        description: TAG_DESCRIPTION,
        params: IdParam,
        response: { 200: SenderNumberResource, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req) =>
      senderNumberResource(await getSenderNumber(ctx.deps, account(req), id(req.params))),
  )

  app.post<{ Params: IdParam; Body: VerifySenderNumberBody }>(
    '/sender-numbers/:id/verify',
    {
      schema: {
        tags,
        summary: 'Verify a sender number with the code sent to it',
        description:
          `${TAG_DESCRIPTION} A wrong code costs an attempt (422, violation code CODE_WRONG); ` +
          'an expired code or one without attempts left answers 422 with CODE_EXPIRED or ' +
          'CODE_ATTEMPTS_EXHAUSTED.',
        params: IdParam,
        body: VerifySenderNumberBody,
        response: {
          200: SenderNumberResource,
          ...errorResponses(400, 401, 403, 404, 409, 422, 429),
        },
      },
    },
    async (req) =>
      senderNumberResource(
        await confirmSenderNumber(ctx.deps, account(req), id(req.params), req.body.code),
      ),
  )

  app.post<{ Params: IdParam }>(
    '/sender-numbers/:id/code',
    {
      schema: {
        tags,
        summary: 'Send a new code to a pending sender number',
        description: `${TAG_DESCRIPTION} The new code replaces the open one and its attempts.`,
        params: IdParam,
        response: { 200: SenderNumberResource, ...errorResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (req) =>
      senderNumberResource(await resendSenderCode(ctx.deps, account(req), id(req.params))),
  )

  app.delete<{ Params: IdParam }>(
    '/sender-numbers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a sender number',
        description: `${TAG_DESCRIPTION} Replies to the number no longer come to the account.`,
        params: IdParam,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteSenderNumber(ctx.deps, account(req), id(req.params))
      return reply.status(204).send()
    },
  )
}
