import { appError, validationError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import * as accounts from '../../store/repositories/account.repository.js'
import * as keys from '../../store/repositories/api-key.repository.js'
import type { ServiceDeps } from '../deps.js'
import {
  apiKeyFromRow,
  hashToken,
  type ApiKey,
  type ApiKeyType,
  type SevenEndpoint,
} from './api-key-model.js'
import { parseAllowEntry } from './ip-allowlist.js'

export type CreateKeyInput = {
  accountId: number
  name?: string
  type?: ApiKeyType
  ipAllowlist?: string[] | null
  /** Only for the bootstrap account, whose token the operator chose; otherwise generated. */
  token?: string
  /** seven.io API: the endpoints the key may call (null: all) and its request-signing secret. */
  endpoints?: SevenEndpoint[] | null
  signingSecret?: string | null
}

export const TOKEN_LENGTH = 32
/** SMPP 3.4 allows a password of at most 8 characters: an smpp key's token is that password. */
export const SMPP_TOKEN_LENGTH = 8

/** Creates a key; the token is returned here once and only its hash is stored. */
export async function createApiKey(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'ids'>,
  input: CreateKeyInput,
): Promise<{ key: ApiKey; token: string }> {
  const allow = input.ipAllowlist ?? null
  const bad = (allow ?? []).findIndex((e) => parseAllowEntry(e) === null)
  if (bad >= 0) {
    throw validationError([
      { propertyPath: `ip_allowlist[${bad}]`, message: 'must be an IP address or CIDR range' },
    ])
  }
  const type = input.type ?? 'v2'
  const token = input.token ?? deps.ids.token(type === 'smpp' ? SMPP_TOKEN_LENGTH : TOKEN_LENGTH)
  return deps.db.transaction().execute(async (trx) => {
    if (!(await accounts.findAccount(trx, input.accountId))) {
      throw appError('ACCOUNT_NOT_FOUND', { id: input.accountId })
    }
    const id = await keys.insertApiKey(trx, {
      account_id: input.accountId,
      name: input.name ?? `${type} key`,
      type,
      token_hash: hashToken(token),
      token_hint: token.slice(0, 4),
      is_active: 1,
      ip_allowlist: allow === null ? null : JSON.stringify(allow),
      last_used_at: null,
      last_used_ip: null,
      created_at: unixSeconds(deps.clock),
      endpoints: input.endpoints ? JSON.stringify([...new Set(input.endpoints)]) : null,
      signing_secret: input.signingSecret ?? null,
    })
    return { key: apiKeyFromRow((await keys.findApiKey(trx, id))!), token }
  })
}

export async function listApiKeys(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
): Promise<ApiKey[]> {
  if (!(await accounts.findAccount(deps.db, accountId))) {
    throw appError('ACCOUNT_NOT_FOUND', { id: accountId })
  }
  return (await keys.listApiKeys(deps.db, accountId)).map(apiKeyFromRow)
}

export async function setApiKeyActive(
  deps: Pick<ServiceDeps, 'db'>,
  keyId: number,
  active: boolean,
): Promise<ApiKey> {
  if (!(await keys.setApiKeyActive(deps.db, keyId, active)))
    throw appError('KEY_NOT_FOUND', { id: keyId })
  return apiKeyFromRow((await keys.findApiKey(deps.db, keyId))!)
}

/** Deletes a key of any account; its token and the sessions logged in with it stop at once. */
export async function deleteApiKey(deps: Pick<ServiceDeps, 'db'>, keyId: number): Promise<void> {
  if (!(await keys.deleteApiKey(deps.db, keyId))) throw appError('KEY_NOT_FOUND', { id: keyId })
}

/** What PATCH changes of a key: only the fields given. */
export type KeyPatch = {
  isActive?: boolean
  endpoints?: SevenEndpoint[] | null
  signingSecret?: string | null
}

export async function updateApiKey(
  deps: Pick<ServiceDeps, 'db'>,
  keyId: number,
  patch: KeyPatch,
): Promise<ApiKey> {
  const changed = await keys.updateApiKey(deps.db, keyId, {
    ...(patch.isActive === undefined ? {} : { is_active: patch.isActive ? 1 : 0 }),
    ...(patch.endpoints === undefined
      ? {}
      : {
          endpoints:
            patch.endpoints === null ? null : JSON.stringify([...new Set(patch.endpoints)]),
        }),
    ...(patch.signingSecret === undefined ? {} : { signing_secret: patch.signingSecret }),
  })
  if (!changed) throw appError('KEY_NOT_FOUND', { id: keyId })
  return apiKeyFromRow((await keys.findApiKey(deps.db, keyId))!)
}
