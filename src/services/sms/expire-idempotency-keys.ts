import { unixSeconds } from '../../shared/clock.js'
import { purgeIdempotencyKeys } from '../../store/repositories/idempotency.repository.js'
import type { ServiceDeps } from '../deps.js'
import { IDEMPOTENCY_WINDOW_S } from './send-sms.js'

/**
 * Removes the Idempotency-Keys whose window has passed: they answer nothing any more, and
 * without this the table grows by one row per keyed request forever. How many went.
 */
export function expireIdempotencyKeys(deps: Pick<ServiceDeps, 'db' | 'clock'>): Promise<number> {
  return purgeIdempotencyKeys(deps.db, unixSeconds(deps.clock) - IDEMPOTENCY_WINDOW_S)
}
