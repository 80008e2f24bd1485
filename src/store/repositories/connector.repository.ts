import type { Insertable } from 'kysely'
import type { Db } from '../database.js'
import type { Route } from '../../domain/routing/route-table.js'
import type { ConnectorRow, ConnectorTable, RouteTable } from '../tables/delivery.table.js'

export async function listConnectors(db: Db): Promise<ConnectorRow[]> {
  return db.selectFrom('connectors').selectAll().orderBy('id').execute()
}

export async function findConnector(db: Db, id: string): Promise<ConnectorRow | undefined> {
  return db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Creates a connector, or replaces its settings and keeps its creation time. */
export async function upsertConnector(db: Db, row: Insertable<ConnectorTable>): Promise<void> {
  await db
    .insertInto('connectors')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        kind: row.kind,
        config: row.config,
        enabled: row.enabled,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}

export async function deleteConnector(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('connectors').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export async function listRoutes(db: Db): Promise<Route[]> {
  const rows = await db.selectFrom('routes').selectAll().orderBy('id').execute()
  return rows.map((r) => ({
    id: Number(r.id),
    accountId: r.account_id === null ? null : Number(r.account_id),
    prefix: r.prefix,
    iso2: r.iso2,
    serviceCode: r.service_code,
    connectorIds: JSON.parse(r.connector_ids) as string[],
  }))
}

export async function insertRoute(db: Db, row: Insertable<RouteTable>): Promise<number> {
  const r = await db.insertInto('routes').values(row).returning('id').executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function deleteRoute(db: Db, id: number): Promise<boolean> {
  const r = await db.deleteFrom('routes').where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
