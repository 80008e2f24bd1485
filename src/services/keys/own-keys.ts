import { appError } from '../../errors/app-error.js'
import * as keys from '../../store/repositories/api-key.repository.js'
import type { ServiceDeps } from '../deps.js'
import { apiKeyFromRow, type ApiKey } from './api-key-model.js'

// A customer's management of its own keys (GET/POST/PATCH/DELETE /api_keys). Another account's
// key is answered as an unknown one; the key a request authenticates with cannot disable or
// delete itself, so no request locks its own client out by accident.

export async function getOwnApiKey(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  keyId: number,
): Promise<ApiKey> {
  const row = await keys.findApiKey(deps.db, keyId)
  if (!row || Number(row.account_id) !== accountId) throw appError('KEY_NOT_FOUND', { id: keyId })
  return apiKeyFromRow(row)
}

export async function setOwnApiKeyActive(
  deps: Pick<ServiceDeps, 'db'>,
  caller: { accountId: number; keyId: number },
  keyId: number,
  active: boolean,
): Promise<ApiKey> {
  await getOwnApiKey(deps, caller.accountId, keyId)
  if (!active && keyId === caller.keyId) throw appError('KEY_IN_USE', { id: keyId })
  await keys.setApiKeyActive(deps.db, keyId, active)
  return getOwnApiKey(deps, caller.accountId, keyId)
}

export async function deleteOwnApiKey(
  deps: Pick<ServiceDeps, 'db'>,
  caller: { accountId: number; keyId: number },
  keyId: number,
): Promise<void> {
  await getOwnApiKey(deps, caller.accountId, keyId)
  if (keyId === caller.keyId) throw appError('KEY_IN_USE', { id: keyId })
  if (!(await keys.deleteAccountApiKey(deps.db, caller.accountId, keyId))) {
    throw appError('KEY_NOT_FOUND', { id: keyId })
  }
}
