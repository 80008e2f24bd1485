import { pingDatabase } from '../store/ping.js'
import type { ServiceDeps } from './deps.js'

/** Whether this process can serve: the database answers. */
export async function checkHealth(deps: Pick<ServiceDeps, 'db'>): Promise<{ database: boolean }> {
  try {
    await pingDatabase(deps.db)
    return { database: true }
  } catch {
    return { database: false }
  }
}
