import { Value } from '@sinclair/typebox/value'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { isServiceCode, SERVICE_CODES } from '../../domain/message/service-code.js'
import { unixSeconds } from '../../shared/clock.js'
import * as repo from '../../store/repositories/connector.repository.js'
import type { ServiceDeps } from '../deps.js'
import { keepStoredSecrets, maskSecrets } from './connector-secrets.js'
import {
  CONNECTOR_KIND_NAMES,
  connectorKind,
  type ConnectorKind,
} from '../../delivery/connectors/kinds.js'
import {
  ConnectorIdPattern,
  type CreateRouteBody,
  type PutConnectorBody,
} from './connector.schemas.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'>

export type ConnectorView = {
  id: string
  kind: string
  config: unknown
  enabled: boolean
  updated_at: number
}
export type RouteView = {
  id: number
  account_id: number | null
  prefix: string | null
  iso2: string | null
  service_code: string | null
  connector_ids: string[]
}

/** Every connector as operators see it: secrets appear as hints only (connector-secrets.ts). */
export async function listConnectorConfigs(
  deps: Pick<ServiceDeps, 'db'>,
): Promise<ConnectorView[]> {
  return (await repo.listConnectors(deps.db)).map((r) => ({
    id: r.id,
    kind: r.kind,
    config: maskSecrets(r.kind, JSON.parse(r.config) as Record<string, unknown>),
    enabled: r.enabled === 1,
    updated_at: Number(r.updated_at),
  }))
}

/**
 * Creates or replaces a connector; its config is checked against its kind's schema. A secret
 * sent back as its hint, or a required one left out, keeps the stored value.
 */
export async function putConnector(
  deps: Deps,
  id: string,
  body: PutConnectorBody,
): Promise<ConnectorView> {
  if (!new RegExp(ConnectorIdPattern).test(id)) {
    throw validationError([
      {
        propertyPath: 'id',
        message: 'must be 1-63 of a-z, 0-9, _ and -, starting with a letter or digit',
      },
    ])
  }
  const spec = connectorKind(body.kind)
  if (!spec) {
    throw validationError([
      { propertyPath: 'kind', message: `must be one of ${CONNECTOR_KIND_NAMES.join(', ')}` },
    ])
  }
  const kind = body.kind as ConnectorKind
  const schema = spec.schema
  const stored = await repo.findConnector(deps.db, id)
  const given =
    stored?.kind === kind
      ? keepStoredSecrets(kind, body.config, JSON.parse(stored.config) as Record<string, unknown>)
      : structuredClone(body.config)
  const config = Value.Default(schema, given)
  if (!Value.Check(schema, config)) {
    throw validationError(
      [...Value.Errors(schema, config)].map((e) => ({
        propertyPath: `config${e.path.replaceAll('/', '.')}`,
        message: e.message,
      })),
    )
  }
  const problems = spec.check?.(config as never) ?? []
  if (problems.length > 0) {
    throw validationError(
      problems.map((p) => ({ propertyPath: `config.${p.path}`, message: p.message })),
    )
  }
  const now = unixSeconds(deps.clock)
  await repo.upsertConnector(deps.db, {
    id,
    kind,
    config: JSON.stringify(config),
    enabled: body.enabled === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  })
  return (await listConnectorConfigs(deps)).find((c) => c.id === id)!
}

export async function removeConnector(deps: Pick<ServiceDeps, 'db'>, id: string): Promise<void> {
  if (!(await repo.deleteConnector(deps.db, id))) throw appError('CONNECTOR_NOT_FOUND', { id })
}

export async function listRouteViews(deps: Pick<ServiceDeps, 'db'>): Promise<RouteView[]> {
  return (await repo.listRoutes(deps.db)).map((r) => ({
    id: r.id,
    account_id: r.accountId,
    prefix: r.prefix,
    iso2: r.iso2,
    service_code: r.serviceCode,
    connector_ids: r.connectorIds,
  }))
}

export async function addRoute(deps: Deps, body: CreateRouteBody): Promise<RouteView> {
  const known = new Set((await repo.listConnectors(deps.db)).map((c) => c.id))
  const unknown = body.connector_ids.filter((id) => !known.has(id))
  const violations: Violation[] = []
  if (unknown.length > 0) {
    violations.push({
      propertyPath: 'connector_ids',
      message: `unknown connectors: ${unknown.join(', ')}`,
    })
  }
  // A route for a service no message can have would never match (the CLI skips the schema).
  if (body.service_code != null && !isServiceCode(body.service_code)) {
    violations.push({
      propertyPath: 'service_code',
      message: `must be one of ${SERVICE_CODES.join(', ')} or null`,
    })
  }
  if (violations.length > 0) throw validationError(violations)
  const id = await repo.insertRoute(deps.db, {
    account_id: body.account_id ?? null,
    prefix: body.prefix?.replace(/^\+/, '') ?? null,
    iso2: body.iso2 ?? null,
    service_code: body.service_code ?? null,
    connector_ids: JSON.stringify(body.connector_ids),
    created_at: unixSeconds(deps.clock),
  })
  return (await listRouteViews(deps)).find((r) => r.id === id)!
}

export async function removeRoute(deps: Pick<ServiceDeps, 'db'>, id: number): Promise<void> {
  if (!(await repo.deleteRoute(deps.db, id))) throw appError('ROUTE_ENTRY_NOT_FOUND', { id })
}
