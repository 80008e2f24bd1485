// GET /api/balance: the account's balance, a plain number (legacy), or as @seven.io/client reads
// it with Accept: application/json, { amount, currency }.
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../server-context.js'
import type { AuthGuard } from '../../services/auth-guard/auth-guard.js'
import { availableMicro } from '../../services/accounts/account-model.js'
import { getAccount } from '../../services/accounts/manage-accounts.js'
import { fromMicro } from '../../domain/pricing/money.js'
import { JSON_TYPE, TEXT, wantsJson } from './answer.js'
import { sevenAuth } from './auth.js'

export async function balanceRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  guard: AuthGuard,
): Promise<void> {
  app.get(
    '/api/balance',
    {
      preValidation: sevenAuth(ctx, guard, 'balance'),
      schema: {
        tags: ['seven.io'],
        summary: "The account's balance",
        description:
          'A plain number, or `{ "amount": 12.34, "currency": "EUR" }` with `Accept: application/json` ' +
          '(or `json=1`). Prepaid accounts: the balance; postpaid: what is left of the credit line.',
        produces: ['text/plain', 'application/json'],
      },
    },
    async (req, reply) => {
      // Read afresh: the principal's copy may be a few seconds old (the key cache).
      const account = await getAccount(ctx.deps, req.principal.account.id)
      // As the send answers show it: prepaid the balance, postpaid what the credit line leaves.
      const micro =
        account.billingMode === 'prepaid' ? account.balanceMicro : availableMicro(account)
      const amount = fromMicro(micro)
      if (wantsJson(req)) return reply.type(JSON_TYPE).send({ amount, currency: account.currency })
      return reply.type(TEXT).send(String(amount))
    },
  )
}
