import type { Db } from '../database.js'
import { bound, dialectOf, statement } from '../statement.js'
import type { TakenReceipt } from './delivery.repository.js'

/** A submit result the carrier accepted: the message's parts and their carrier ids, in order. */
export type SentMessage = {
  uuid: string
  connectorId: string
  routeId: number
  carrierIds: readonly string[]
  nowMs: number
}

// The submit results of one group commit as three statements, whatever their number: the rows
// travel as one JSON array (SQLite) or as arrays (PostgreSQL), so each statement has one fixed
// text. Per message, the statements cost better-sqlite3 and Kysely more than SQLite took to run
// them, and a round trip each on PostgreSQL.

/** Marks the messages this worker holds as sent: [uuid, first carrier id, connector, route, at]. */
export const MARK_SENT_SQLITE = statement`
  with v(uuid, carrier_id, connector_id, route_id, at) as (
    select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 from json_each(${'rows'}))
  update sms set state = 'sent', status_code = ${'statusCode'}, is_sent = 1,
    gateway_sent_at = v.at, connector_id = v.connector_id, route_id = v.route_id,
    carrier_message_id = v.carrier_id, lease_owner = null, lease_expires_at = null,
    status_detail = null, updated_at = v.at
  from v
  where sms.uuid = v.uuid and +sms.state = 'submitting' and +sms.lease_owner = ${'workerId'}
  returning sms.uuid`
// The unary + keeps SQLite from walking the worker's leased rows (index sms_leased) and reading
// the whole array for each: the array leads, and each message is found by its key.

const MARK_SENT_PG = statement`
  update sms set state = 'sent', status_code = ${'statusCode'}, is_sent = 1,
    gateway_sent_at = v.at, connector_id = v.connector_id, route_id = v.route_id,
    carrier_message_id = v.carrier_id, lease_owner = null, lease_expires_at = null,
    status_detail = null, updated_at = v.at
  from unnest(cast(${'uuids'} as text[]), cast(${'carrierIds'} as text[]),
    cast(${'connectorIds'} as text[]), cast(${'routeIds'} as integer[]), cast(${'ats'} as bigint[]))
    as v(uuid, carrier_id, connector_id, route_id, at)
  where sms.uuid = v.uuid and sms.state = 'submitting' and sms.lease_owner = ${'workerId'}
  returning sms.uuid`

/** Parts keyed for receipt correlation: [connector, carrier id, uuid, part, parts total, at ms]. */
const INSERT_PARTS_SQLITE = statement`
  insert into sms_parts (connector_id, carrier_id, sms_uuid, part, parts_total, updated_at)
  select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
  from json_each(${'rows'}) where true
  on conflict (connector_id, carrier_id) do nothing`

const INSERT_PARTS_PG = statement`
  insert into sms_parts (connector_id, carrier_id, sms_uuid, part, parts_total, updated_at)
  select * from unnest(cast(${'connectorIds'} as text[]), cast(${'carrierIds'} as text[]),
    cast(${'uuids'} as text[]), cast(${'parts'} as integer[]), cast(${'totals'} as integer[]),
    cast(${'ats'} as bigint[]))
  on conflict (connector_id, carrier_id) do nothing`

/** Receipts that came before their submit result: [connector, carrier id]. */
const TAKE_PENDING_SQLITE = statement`
  delete from pending_receipts
  where (connector_id, carrier_id) in (select value ->> 0, value ->> 1 from json_each(${'rows'}))
  returning connector_id, carrier_id, receipt_state, error`

const TAKE_PENDING_PG = statement`
  delete from pending_receipts p
  using unnest(cast(${'connectorIds'} as text[]), cast(${'carrierIds'} as text[])) as v(connector_id, carrier_id)
  where p.connector_id = v.connector_id and p.carrier_id = v.carrier_id
  returning p.connector_id, p.carrier_id, p.receipt_state, p.error`

// SQLite: most of the time no receipt waits at all (they wait in memory for the commit of their
// submit result instead); one look at the table spares the statement above.
const ANY_PENDING_SQLITE = statement`select 1 as one from pending_receipts limit 1`

export type SentBatchResult = {
  /** The messages marked sent; the others had left this worker's hands (a lease ran out). */
  marked: Set<string>
  /** Receipts that were waiting for the parts of the marked messages, now taken. */
  taken: (TakenReceipt & { connector_id: string })[]
}

/** Marks messages sent, keys their parts and takes the receipts that were waiting for them. */
export async function markSentBatch(
  db: Db,
  o: { workerId: string; statusCode: number; messages: readonly SentMessage[] },
): Promise<SentBatchResult> {
  if (o.messages.length === 0) return { marked: new Set(), taken: [] }
  const pg = dialectOf(db) === 'postgres'
  const at = (m: SentMessage) => Math.floor(m.nowMs / 1000)
  const { workerId, statusCode } = o
  const markedRows = pg
    ? await db.executeQuery<{ uuid: string }>(
        bound(db, MARK_SENT_PG, {
          workerId,
          statusCode,
          uuids: o.messages.map((m) => m.uuid),
          carrierIds: o.messages.map((m) => m.carrierIds[0] ?? null),
          connectorIds: o.messages.map((m) => m.connectorId),
          routeIds: o.messages.map((m) => m.routeId),
          ats: o.messages.map(at),
        }),
      )
    : await db.executeQuery<{ uuid: string }>(
        bound(db, MARK_SENT_SQLITE, {
          workerId,
          statusCode,
          rows: JSON.stringify(
            o.messages.map((m) => [
              m.uuid,
              m.carrierIds[0] ?? null,
              m.connectorId,
              m.routeId,
              at(m),
            ]),
          ),
        }),
      )
  const marked = new Set(markedRows.rows.map((r) => r.uuid))
  const parts = o.messages
    .filter((m) => marked.has(m.uuid))
    .flatMap((m) =>
      m.carrierIds.map((carrierId, i) => ({
        m,
        carrierId,
        part: i + 1,
        total: m.carrierIds.length,
      })),
    )
  if (parts.length === 0) return { marked, taken: [] }
  if (pg) {
    const connectorIds = parts.map((p) => p.m.connectorId)
    const carrierIds = parts.map((p) => p.carrierId)
    await db.executeQuery(
      bound(db, INSERT_PARTS_PG, {
        connectorIds,
        carrierIds,
        uuids: parts.map((p) => p.m.uuid),
        parts: parts.map((p) => p.part),
        totals: parts.map((p) => p.total),
        ats: parts.map((p) => p.m.nowMs),
      }),
    )
    const taken = await db.executeQuery<SentBatchResult['taken'][number]>(
      bound(db, TAKE_PENDING_PG, { connectorIds, carrierIds }),
    )
    return { marked, taken: taken.rows }
  }
  const rows = parts.map((p) => [
    p.m.connectorId,
    p.carrierId,
    p.m.uuid,
    p.part,
    p.total,
    p.m.nowMs,
  ])
  await db.executeQuery(bound(db, INSERT_PARTS_SQLITE, { rows: JSON.stringify(rows) }))
  const any = await db.executeQuery(bound(db, ANY_PENDING_SQLITE, {}))
  if (any.rows.length === 0) return { marked, taken: [] }
  const keys = JSON.stringify(parts.map((p) => [p.m.connectorId, p.carrierId]))
  const taken = await db.executeQuery<SentBatchResult['taken'][number]>(
    bound(db, TAKE_PENDING_SQLITE, { rows: keys }),
  )
  return { marked, taken: taken.rows }
}
