import { parseArgs } from 'node:util'
import {
  createInboundNumber,
  deleteInboundNumber,
  listInboundNumbers,
  updateInboundNumber,
} from '../services/incomings/manage-inbound-numbers.js'
import {
  deleteSenderNumberForOperator,
  listSenderNumbersForOperator,
  verifySenderNumberByOperator,
} from '../services/senders/manage-sender-numbers.js'
import { printJson, withContext } from './with-context.js'

const USAGE = `usage:
  taube number add --number E164 --account USER_ID [--endpoint URL|EMAIL]
  taube number list [--account USER_ID]
  taube number set --id ID [--account USER_ID] [--endpoint URL|EMAIL|none]
  taube number remove --id ID
  taube number verify --number E164 --account USER_ID
  taube number senders [--account USER_ID]
  taube number unverify --id SENDER_NUMBER_ID
Inbound numbers: SMS sent to one belong to its account (GET /incomings, sms.incoming).
Sender numbers: a numeric sender id verified for an account; replies to it may go to that
account, never to another that merely sent from it.`

export async function numberCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  let values
  try {
    values = parseArgs({
      args: rest,
      options: {
        number: { type: 'string' },
        account: { type: 'string' },
        endpoint: { type: 'string' },
        id: { type: 'string' },
      },
    }).values
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const account = values.account === undefined ? undefined : Number(values.account)
  const endpoint = values.endpoint === 'none' ? null : values.endpoint
  switch (sub) {
    case 'add':
      if (values.number === undefined || account === undefined) break
      return withContext(async (ctx) =>
        printJson(
          await createInboundNumber(ctx.deps, {
            number: values.number!,
            account_id: account,
            ...(endpoint === undefined ? {} : { endpoint }),
          }),
        ),
      )
    case 'list':
      return withContext(async (ctx) => printJson(await listInboundNumbers(ctx.deps, account ?? null)))
    case 'set':
      if (values.id === undefined) break
      return withContext(async (ctx) =>
        printJson(
          await updateInboundNumber(ctx.deps, Number(values.id), {
            ...(account === undefined ? {} : { account_id: account }),
            ...(endpoint === undefined ? {} : { endpoint }),
          }),
        ),
      )
    case 'remove':
      if (values.id === undefined) break
      return withContext(async (ctx) => {
        await deleteInboundNumber(ctx.deps, Number(values.id))
        console.log(`inbound number ${values.id} removed`)
      })
    case 'verify':
      if (values.number === undefined || account === undefined) break
      return withContext(async (ctx) =>
        printJson(
          await verifySenderNumberByOperator(ctx.deps, { number: values.number!, account_id: account }),
        ),
      )
    case 'senders':
      return withContext(async (ctx) =>
        printJson(await listSenderNumbersForOperator(ctx.deps, account ?? null)),
      )
    case 'unverify':
      if (values.id === undefined) break
      return withContext(async (ctx) => {
        await deleteSenderNumberForOperator(ctx.deps, Number(values.id))
        console.log(`sender number ${values.id} removed`)
      })
  }
  console.error(USAGE)
  return 2
}
