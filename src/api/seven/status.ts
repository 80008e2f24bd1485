// GET /api/status?msg_id=…: the status report of messages by their seven ids, as
// @seven.io/client (`status.get(ids)`) and seven's other clients read it: JSON, an array of
// { id, status, status_time }; the legacy text answer, the status and its time on two lines.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { getSevenStatuses, parseMessageIds } from '../../services/seven-status/get-status.js'
import { JSON_TYPE, param, TEXT, wantsJson } from './answer.js'
import { sevenAuth } from './auth.js'
import { SevenError } from './codes.js'

export async function statusRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  app.get(
    '/api/status',
    {
      preValidation: sevenAuth(ctx, guard, 'status'),
      schema: {
        tags: ['seven.io'],
        summary: 'Status reports of messages by their ids',
        description:
          '`msg_id`: one id or up to 100, comma-separated. JSON (`Accept: application/json`): an ' +
          'array with `id` (a number), `status` (DELIVERED, NOTDELIVERED, BUFFERED, TRANSMITTED, ' +
          'ACCEPTED, EXPIRED, REJECTED, FAILED, UNKNOWN) and `status_time` (also as `statusTime`, ' +
          "the official JS client's name) for each message of the account; ids it does not have " +
          'are left out. Plain text: the status and its time, two lines per message.',
        produces: ['text/plain', 'application/json'],
        querystring: Type.Object(
          {
            msg_id: Type.Optional(
              Type.String({
                description: 'Message ids, comma-separated',
                examples: ['77229318510'],
              }),
            ),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (req, reply) => {
      const ids = parseMessageIds(param(req, 'msg_id'))
      const found = await getSevenStatuses(ctx.deps, req.principal.account.id, ids)
      if (wantsJson(req)) {
        const body = found.map((s) => ({
          id: Number(s.id),
          status: s.status,
          status_time: s.statusTime,
          statusTime: s.statusTime,
        }))
        return reply.type(JSON_TYPE).send(body)
      }
      if (found.length === 0)
        throw new SevenError(600, 'msg_id: the account has no such message', { status: 404 })
      return reply.type(TEXT).send(found.map((s) => `${s.status}\n${s.statusTime}`).join('\n'))
    },
  )
}
