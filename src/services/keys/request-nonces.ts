import { unixSeconds } from '../../shared/clock.js'
import { deleteExpiredNonces, insertNonce } from '../../store/repositories/seven.repository.js'
import type { ServiceDeps } from '../deps.js'

/**
 * Spends a signed request's nonce: false when the key used it before within the window. Kept in
 * the store, so a request replayed to another node of the cluster is refused as well. The key's
 * expired nonces go first (a range of the primary key), so the table holds at most one window
 * of each key's requests.
 */
export async function spendNonce(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  keyId: number,
  nonce: string,
  keepUntilS: number,
): Promise<boolean> {
  await deleteExpiredNonces(deps.db, keyId, unixSeconds(deps.clock))
  return insertNonce(deps.db, { key_id: keyId, nonce, expires_at: keepUntilS })
}
