import { parseArgs } from 'node:util'
import { accountJson } from '../services/accounts/account-model.js'
import { createAccount, listAccounts, topUp } from '../services/accounts/manage-accounts.js'
import { printJson, withContext } from './with-context.js'

const USAGE = `usage:
  taube account create --name NAME [--country DE] [--id USER_ID] [--currency EUR]
                       [--balance 10.00] [--postpaid --credit-limit 500]
  taube account list
  taube account topup --id USER_ID --amount 25.00`

export async function accountCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      country: { type: 'string' },
      id: { type: 'string' },
      currency: { type: 'string' },
      balance: { type: 'string' },
      postpaid: { type: 'boolean' },
      'credit-limit': { type: 'string' },
      amount: { type: 'string' },
    },
  })
  switch (sub) {
    case 'create':
      if (values.name === undefined) break
      return withContext(async (ctx) => {
        const account = await createAccount(ctx.deps, {
          name: values.name!,
          country: values.country?.toUpperCase() ?? null,
          ...(values.id === undefined ? {} : { id: Number(values.id) }),
          ...(values.currency === undefined ? {} : { currency: values.currency.toUpperCase() }),
          billing_mode: values.postpaid ? 'postpaid' : 'prepaid',
          ...(values.balance === undefined ? {} : { balance: values.balance }),
          ...(values['credit-limit'] === undefined ? {} : { credit_limit: values['credit-limit'] }),
        })
        printJson(accountJson(account))
      })
    case 'list':
      return withContext(async (ctx) => printJson((await listAccounts(ctx.deps)).map(accountJson)))
    case 'topup':
      if (values.id === undefined || values.amount === undefined) break
      return withContext(async (ctx) => printJson(accountJson(await topUp(ctx.deps, Number(values.id), values.amount!))))
  }
  console.error(USAGE)
  return 2
}
