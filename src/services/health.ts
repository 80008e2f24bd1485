import { listConnectors } from '../store/repositories/connector.repository.js'
import { pendingMigrations } from '../store/migrations/index.js'
import { pingDatabase } from '../store/ping.js'
import type { ServiceDeps } from './deps.js'

/** A check that has not answered by then has failed: a probe must answer, not hang. */
const CHECK_TIMEOUT_MS = 2_000

/** Whether this process is alive enough to serve: the database answers. */
export async function checkHealth(deps: Pick<ServiceDeps, 'db'>): Promise<{ database: boolean }> {
  try {
    await pingDatabase(deps.db)
    return { database: true }
  } catch {
    return { database: false }
  }
}

/** What readiness reads of a running connector. */
type ConnectorLink = { up: boolean }

export type ConnectorReadiness = {
  id: string
  enabled: boolean
  /** null: the connector's link is not in this process (an API node, a disabled connector). */
  up: boolean | null
}

export type Readiness = {
  ready: boolean
  checks: {
    store: { ok: boolean; detail?: string }
    migrations: { ok: boolean; pending: string[]; detail?: string }
    /** Reported, never what makes the process unready: messages queue while a carrier is down. */
    connectors: { ok: true; connectors: ConnectorReadiness[]; down: string[]; detail?: string }
  }
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    const fail = () => reject(new Error(`${what} did not answer in ${CHECK_TIMEOUT_MS} ms`))
    timer = setTimeout(fail, CHECK_TIMEOUT_MS)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/**
 * Whether this process may take traffic: the store answers and has every migration this build
 * needs. The state of each connector is reported beside it; where the delivery engine does not
 * run here (`connectorState` absent), a connector's `up` is null.
 */
export async function checkReadiness(
  deps: Pick<ServiceDeps, 'db'>,
  connectorState?: (id: string) => ConnectorLink | null | Promise<ConnectorLink | null>,
): Promise<Readiness> {
  const store: Readiness['checks']['store'] = { ok: true }
  try {
    await withTimeout(pingDatabase(deps.db), 'the store')
  } catch (err) {
    store.ok = false
    store.detail = (err as Error).message
  }
  const migrations: Readiness['checks']['migrations'] = { ok: false, pending: [] }
  const connectors: Readiness['checks']['connectors'] = { ok: true, connectors: [], down: [] }
  if (!store.ok) {
    migrations.detail = 'not checked: the store is unreachable'
    connectors.detail = 'not checked: the store is unreachable'
    return { ready: false, checks: { store, migrations, connectors } }
  }
  try {
    migrations.pending = await withTimeout(pendingMigrations(deps.db), 'the migrations table')
    migrations.ok = migrations.pending.length === 0
  } catch (err) {
    migrations.detail = (err as Error).message
  }
  try {
    const rows = await withTimeout(listConnectors(deps.db), 'the connector table')
    for (const row of rows) {
      const enabled = row.enabled === 1
      const stats = enabled && connectorState ? await connectorState(row.id) : null
      const up = stats ? stats.up : null
      connectors.connectors.push({ id: row.id, enabled, up })
      if (up === false) connectors.down.push(row.id)
    }
  } catch (err) {
    connectors.detail = (err as Error).message
  }
  return { ready: store.ok && migrations.ok, checks: { store, migrations, connectors } }
}
