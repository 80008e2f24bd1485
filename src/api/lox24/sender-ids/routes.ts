import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import {
  deleteSenderId,
  listSenderIds,
  setSenderId,
} from '../../../services/senders/manage-sender-ids.js'
import { SetSenderIdBody, StoredSenderId } from '../../../services/senders/sender-id.schemas.js'
import { errorResponses } from '../responses.js'

const SlotParam = Type.Object({
  slot: Type.String({ pattern: '^[1-6]$', description: 'The slot, 1..6' }),
})
type SlotParam = Static<typeof SlotParam>

const TAG_DESCRIPTION =
  'Taube extension, the API of LOX24\'s "Settings → Sender IDs": the sender ids an email-to-SMS ' +
  'address picks by its sender_id field (1..6). An address whose slot is empty sends as ' +
  '`email2sms`.'

/** Stored sender ids (a Taube extension): what email-to-SMS sends from. */
export async function senderIdRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const tags = ['Sender ids']
  const account = (req: { principal: { account: { id: number } } }) => req.principal.account.id

  app.get(
    '/sender-ids',
    {
      schema: {
        tags,
        summary: 'List the stored sender ids, by slot',
        description: TAG_DESCRIPTION,
        response: { 200: Type.Array(StoredSenderId), ...errorResponses(401, 403, 429) },
      },
    },
    async (req) => listSenderIds(ctx.deps, account(req)),
  )

  app.put<{ Params: SlotParam; Body: SetSenderIdBody }>(
    '/sender-ids/:slot',
    {
      schema: {
        tags,
        summary: 'Store a sender id in a slot, replacing what it held',
        description: TAG_DESCRIPTION,
        params: SlotParam,
        body: SetSenderIdBody,
        response: { 200: StoredSenderId, ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (req) => setSenderId(ctx.deps, account(req), Number(req.params.slot), req.body.sender_id),
  )

  app.delete<{ Params: SlotParam }>(
    '/sender-ids/:slot',
    {
      schema: {
        tags,
        summary: 'Empty a slot',
        description: TAG_DESCRIPTION,
        params: SlotParam,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (req, reply) => {
      await deleteSenderId(ctx.deps, account(req), Number(req.params.slot))
      return reply.status(204).send()
    },
  )
}
