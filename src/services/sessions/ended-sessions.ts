import { unixSeconds } from '../../shared/clock.js'
import {
  deleteExpiredEndedSessions,
  insertEndedSession,
  isEndedSession,
} from '../../store/repositories/ended-session.repository.js'
import type { ServiceDeps } from '../deps.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'>

/**
 * Ends a dashboard or operator session (by its nonce) for every process on the database, until
 * it would have expired anyway; the rows of sessions expired meanwhile go with it.
 */
export async function endSession(deps: Deps, nonce: string, expiresAt: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await deleteExpiredEndedSessions(trx, unixSeconds(deps.clock))
    await insertEndedSession(trx, nonce, expiresAt)
  })
}

export function isSessionEnded(deps: Pick<ServiceDeps, 'db'>, nonce: string): Promise<boolean> {
  return isEndedSession(deps.db, nonce)
}
