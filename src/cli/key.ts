import { ISSUABLE_KEY_TYPES, type ApiKey } from '../services/keys/api-key-model.js'
import { createApiKey, listApiKeys, setApiKeyActive } from '../services/keys/manage-keys.js'
import { action, optional, required, type Action, type Command } from './command.js'
import { accountId, cidrList, oneOf, rowId, text } from './option-kinds.js'
import { recordOutput, tableOutput } from './output.js'
import { withContext } from './with-context.js'

const KEY_COLUMNS = [
  ...['id', 'name', 'type', 'hint', 'isActive'],
  ...['ipAllowlist', 'lastUsedAt', 'lastUsedIp', 'createdAt'],
]

/** A key as the command line shows it: whether it signs requests, never its signing secret. */
export function keyView({ signingSecret, ...key }: ApiKey) {
  return { ...key, signsRequests: signingSecret !== null }
}

function setActive(active: boolean): Action {
  return action({
    summary: active
      ? 'enable a key again'
      : 'disable a key: requests with it are refused within seconds',
    options: { id: required(rowId('KEY_ID'), 'the key id (see key list)') },
    run: (v) =>
      withContext(async (ctx) =>
        recordOutput(keyView(await setApiKeyActive(ctx.deps, v.id, active))),
      ),
  })
}

export const keyCommand: Command = {
  name: 'key',
  summary: 'API keys of an account: create, list, disable, enable',
  subcommands: {
    create: action({
      summary: 'create an API key; its token is shown this once',
      options: {
        account: required(accountId, 'the user id of the account'),
        name: optional(
          text('NAME', 200, 'shop'),
          'a name to tell keys apart (default: "<type> key")',
        ),
        type: optional(oneOf(ISSUABLE_KEY_TYPES), 'the API the key is for (default v2)'),
        ip: optional(cidrList, 'addresses the key may be used from (default: any)'),
      },
      run: (v) =>
        withContext(async (ctx) => {
          const { key, token } = await createApiKey(ctx.deps, {
            accountId: v.account,
            ...(v.name === undefined ? {} : { name: v.name }),
            ...(v.type === undefined ? {} : { type: v.type }),
            ipAllowlist: v.ip ?? null,
          })
          process.stderr.write('The token is shown only now; store it safely.\n')
          const auth = `${v.account}:${token}`
          return recordOutput({
            id: key.id,
            type: key.type,
            name: key.name,
            token,
            auth_header: auth,
          })
        }),
    }),
    list: action({
      summary: "list an account's keys (tokens are never shown, only their first characters)",
      options: { account: required(accountId, 'the user id of the account') },
      run: (v) =>
        withContext(async (ctx) =>
          tableOutput(
            (await listApiKeys(ctx.deps, v.account)).map(keyView),
            KEY_COLUMNS,
            '(no keys)',
          ),
        ),
    }),
    disable: setActive(false),
    enable: setActive(true),
  },
}
