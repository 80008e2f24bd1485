import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import { AppError } from '../../errors/app-error.js'
import { AuthBlock } from '../../services/auth-guard/auth-block.schema.js'
import {
  listAuthBlocks,
  normalizeAddress,
  type AuthGuard,
} from '../../services/auth-guard/auth-guard.js'
import { errorResponses } from '../lox24/responses.js'

const AddressParam = Type.Object({ address: Type.String({ minLength: 2, maxLength: 100 }) })
const AccountParam = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,10}$' }) })

/** Blocks after failed authentications: list them, lift them (as `taube ip list|unblock`). */
export async function adminAuthBlockRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  const tags = ['Operator']
  const errors = errorResponses(400, 401, 403, 404)

  app.get(
    '/admin/auth-blocks',
    {
      schema: {
        tags,
        summary: 'Addresses and accounts blocked after failed authentications',
        response: { 200: Type.Object({ blocks: Type.Array(AuthBlock) }), ...errors },
      },
    },
    async () => ({ blocks: await listAuthBlocks(ctx.deps) }),
  )

  app.delete<{ Params: Static<typeof AddressParam> }>(
    '/admin/auth-blocks/addresses/:address',
    {
      schema: {
        tags,
        summary: 'Lift the block of an address (customer and operator API) and forget its failures',
        params: AddressParam,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const ip = normalizeAddress(req.params.address)
      if (ip === null) {
        const detail = 'must be an IPv4 or IPv6 address'
        throw new AppError('INVALID_PATH_PARAMETER', { parameter: 'address', detail })
      }
      if ((await guard.unblockAddress(ip)) === 0) {
        throw new AppError('AUTH_BLOCK_NOT_FOUND', { subject: ip })
      }
      return reply.status(204).send()
    },
  )

  app.delete<{ Params: Static<typeof AccountParam> }>(
    '/admin/auth-blocks/accounts/:id',
    {
      schema: {
        tags,
        summary: "Lift an account's lockout and forget its failures",
        params: AccountParam,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const id = Number(req.params.id)
      if ((await guard.unlockAccount(id)) === 0) {
        throw new AppError('AUTH_BLOCK_NOT_FOUND', { subject: `user id ${id}` })
      }
      return reply.status(204).send()
    },
  )
}
