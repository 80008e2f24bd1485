import {
  listAuthBlocks,
  normalizeAddress,
  unblockAddress,
  unlockAccount,
} from '../services/auth-guard/auth-guard.js'
import { action, optional, type Command } from './command.js'
import { accountId, type Kind } from './option-kinds.js'
import { messageOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const address: Kind<string> = {
  placeholder: 'ADDRESS',
  allowed: 'an IPv4 or IPv6 address',
  example: '203.0.113.7',
  parse: (t) => normalizeAddress(t) ?? undefined,
}

export const ipCommand: Command = {
  name: 'ip',
  summary: 'blocks after failed authentications: list, unblock',
  notes:
    'Running gateways see a change within a second. Addresses that are never blocked:\n' +
    'TAUBE_AUTH_ALLOWLIST.',
  subcommands: {
    list: action({
      summary: 'the blocks in force after failed authentications',
      options: {},
      run: () =>
        withContext(async (ctx) =>
          tableOutput(await listAuthBlocks(ctx.deps), undefined, '(no blocks)'),
        ),
    }),
    unblock: action({
      summary: "lift an address's block (customer and operator API), or an account's lockout",
      positional: { name: 'ADDRESS', kind: address, description: 'the address to unblock' },
      options: {
        account: optional(accountId, 'the user id whose lockout to lift, instead of an address'),
      },
      check: (v, ip) =>
        (ip === undefined) === (v.account === undefined)
          ? 'give either an ADDRESS or --account USER_ID'
          : null,
      run: (v, ip) =>
        withContext(async (ctx) => {
          if (v.account !== undefined) {
            const n = await unlockAccount(ctx.deps, v.account)
            const said = n > 0 ? 'unlocked' : 'was not locked'
            return messageOutput(`account ${v.account} ${said}`, {
              account: v.account,
              unblocked: n > 0,
            })
          }
          const n = await unblockAddress(ctx.deps, ip as string)
          const said = n > 0 ? 'unblocked' : 'was not blocked'
          return messageOutput(`${ip} ${said}`, { address: ip, unblocked: n > 0 })
        }),
    }),
  },
}
