import { unixSeconds } from '../../shared/clock.js'
import { purgeExpiredSevenFiles } from '../../store/repositories/seven-file.repository.js'
import type { ServiceDeps } from '../deps.js'

/** Removes the files whose validity has ended; how many went. */
export function expireFiles(deps: Pick<ServiceDeps, 'db' | 'clock'>): Promise<number> {
  return purgeExpiredSevenFiles(deps.db, unixSeconds(deps.clock))
}
