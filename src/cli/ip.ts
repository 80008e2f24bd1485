import { parseArgs } from 'node:util'
import {
  listAuthBlocks,
  normalizeAddress,
  unblockAddress,
  unlockAccount,
} from '../services/auth-guard/auth-guard.js'
import { printJson, withContext } from './with-context.js'

const USAGE = `usage:
  taube ip list                    blocks in force after failed authentications
  taube ip unblock ADDRESS         lift an address's block (customer and operator API)
  taube ip unblock --account ID    lift an account's lockout
Running gateways see the change within a second. Addresses that are never blocked:
TAUBE_AUTH_ALLOWLIST.`

export async function ipCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  let parsed
  try {
    const options = { account: { type: 'string' } } as const
    parsed = parseArgs({ args: rest, allowPositionals: true, options })
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  if (sub === 'list' && positionals.length === 0 && values.account === undefined) {
    return withContext(async (ctx) => printJson(await listAuthBlocks(ctx.deps)))
  }
  if (sub === 'unblock' && values.account !== undefined && positionals.length === 0) {
    if (!/^\d{1,10}$/.test(values.account)) {
      console.error(`--account: ${values.account} is not a user id\n\n${USAGE}`)
      return 2
    }
    const id = Number(values.account)
    return withContext(async (ctx) => {
      const n = await unlockAccount(ctx.deps, id)
      console.log(n > 0 ? `account ${id} unlocked` : `account ${id} was not locked`)
    })
  }
  if (sub === 'unblock' && values.account === undefined && positionals.length === 1) {
    const ip = normalizeAddress(positionals[0]!)
    if (ip === null) {
      console.error(`${positionals[0]} is not an IPv4 or IPv6 address\n\n${USAGE}`)
      return 2
    }
    return withContext(async (ctx) => {
      const n = await unblockAddress(ctx.deps, ip)
      console.log(n > 0 ? `${ip} unblocked` : `${ip} was not blocked`)
    })
  }
  console.error(USAGE)
  return 2
}
