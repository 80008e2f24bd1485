import { unixSeconds } from '../../shared/clock.js'
import { deleteExpiredNonces, insertNonce } from '../../store/repositories/seven.repository.js'
import type { ServiceDeps } from '../deps.js'

/** How often expired nonces are swept, at most (per process). */
const SWEEP_INTERVAL_S = 60

const lastSweep = new WeakMap<object, number>()

/**
 * Spends a signed request's nonce: false when the key used it before within the window. Kept in
 * the store, so a request replayed to another node of the cluster is refused as well.
 */
export async function spendNonce(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  keyId: number,
  nonce: string,
  keepUntilS: number,
): Promise<boolean> {
  const now = unixSeconds(deps.clock)
  if ((lastSweep.get(deps.db) ?? 0) + SWEEP_INTERVAL_S <= now) {
    lastSweep.set(deps.db, now)
    await deleteExpiredNonces(deps.db, now)
  }
  return insertNonce(deps.db, { key_id: keyId, nonce, expires_at: keepUntilS })
}
