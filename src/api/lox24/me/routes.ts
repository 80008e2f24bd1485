import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../../server-context.js'
import { fromMicro } from '../../../domain/pricing/money.js'
import { getMe } from '../../../services/accounts/get-me.js'
import { JsonLdKeys, jsonLd } from '../../hydra.js'
import { errorResponses } from '../responses.js'

export const MeResource = Type.Object({
  ...JsonLdKeys,
  id: Type.Integer(),
  currency: Type.String(),
  balance_changed_at: Type.Integer(),
  is_text_deleted: Type.Boolean(),
  balance_amount: Type.Number({
    description: 'Prepaid: the balance. Postpaid: what is left of the credit line. Without VAT.',
  }),
  billing_mode: Type.String({ description: 'prepaid | postpaid' }),
  credit_limit: Type.Number(),
  services: Type.Array(Type.Object({ service_code: Type.String(), is_active: Type.Boolean() })),
  groups: Type.Record(Type.String(), Type.String(), { description: 'group id → name' }),
})

export async function meRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    '/me',
    {
      schema: {
        tags: ['Account'],
        summary: 'Account profile, balance, services and groups',
        response: { 200: MeResource, ...errorResponses(401, 403, 429) },
      },
    },
    async (req) => {
      const { balance_micro, credit_limit_micro, ...me } = await getMe(
        ctx.deps,
        req.principal.account.id,
      )
      return {
        ...jsonLd('me', '/me'),
        ...me,
        balance_amount: fromMicro(balance_micro),
        credit_limit: fromMicro(credit_limit_micro),
      }
    },
  )
}
