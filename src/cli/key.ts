import { parseArgs } from 'node:util'
import { API_KEY_TYPES, type ApiKeyType } from '../services/keys/api-key-model.js'
import { createApiKey, listApiKeys, setApiKeyActive } from '../services/keys/manage-keys.js'
import { printJson, withContext } from './with-context.js'

const USAGE = `usage:
  taube key create --account USER_ID [--name NAME] [--type ${API_KEY_TYPES.join('|')}] [--ip CIDR,...]
  taube key list --account USER_ID
  taube key disable --id KEY_ID
  taube key enable --id KEY_ID`

export async function keyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: {
      account: { type: 'string' },
      name: { type: 'string' },
      type: { type: 'string' },
      ip: { type: 'string' },
      id: { type: 'string' },
    },
  })
  if (values.type !== undefined && !(API_KEY_TYPES as readonly string[]).includes(values.type)) {
    console.error(`--type must be one of ${API_KEY_TYPES.join(', ')}`)
    return 2
  }
  switch (sub) {
    case 'create':
      if (values.account === undefined) break
      return withContext(async (ctx) => {
        const accountId = Number(values.account)
        const { key, token } = await createApiKey(ctx.deps, {
          accountId,
          ...(values.name === undefined ? {} : { name: values.name }),
          ...(values.type === undefined ? {} : { type: values.type as ApiKeyType }),
          ipAllowlist: values.ip === undefined ? null : values.ip.split(',').map((s) => s.trim()),
        })
        printJson({ id: key.id, type: key.type, name: key.name, token, auth_header: `${accountId}:${token}` })
        console.error('The token is shown only now; store it safely.')
      })
    case 'list':
      if (values.account === undefined) break
      return withContext(async (ctx) => printJson(await listApiKeys(ctx.deps, Number(values.account))))
    case 'disable':
    case 'enable':
      if (values.id === undefined) break
      return withContext(async (ctx) =>
        printJson(await setApiKeyActive(ctx.deps, Number(values.id), sub === 'enable')),
      )
  }
  console.error(USAGE)
  return 2
}
