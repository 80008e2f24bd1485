import { sql } from 'kysely'
import type { Db, Dialect } from '../database.js'

/** Marks a worker alive until `untilMs`. */
export async function heartbeat(
  db: Db,
  o: { id: string; role: string; untilMs: number },
): Promise<void> {
  await db
    .insertInto('workers')
    .values({ id: o.id, role: o.role, expires_at: o.untilMs })
    .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: o.untilMs }))
    .execute()
}

/** The ids of the workers of a role alive at `nowMs`, in order; the dead ones are removed. */
export async function liveWorkers(db: Db, role: string, nowMs: number): Promise<string[]> {
  await db.deleteFrom('workers').where('expires_at', '<', nowMs).execute()
  const rows = await db
    .selectFrom('workers')
    .select('id')
    .where('role', '=', role)
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Removes a worker's heartbeat, or with null every worker's. */
export async function removeWorker(db: Db, id: string | null): Promise<void> {
  let q = db.deleteFrom('workers')
  if (id !== null) q = q.where('id', '=', id)
  await q.execute()
}

/**
 * Brings the session slots `owner` holds of a connector to `want` (at most `slots` exist):
 * renews the ones it keeps, gives back the highest beyond `want`, and takes free or expired ones
 * up to it. Returns the slots held afterwards. PostgreSQL skips slots another worker is taking
 * in the same moment instead of waiting for it.
 */
export async function balanceSlots(
  db: Db,
  dialect: Dialect,
  o: {
    connectorId: string
    slots: number
    owner: string
    want: number
    nowMs: number
    leaseMs: number
  },
): Promise<number[]> {
  const until = o.nowMs + o.leaseMs
  const all = Array.from({ length: o.slots }, (_, slot) => ({ connector_id: o.connectorId, slot }))
  if (all.length > 0) {
    await db
      .insertInto('connector_slots')
      .values(all)
      .onConflict((oc) => oc.columns(['connector_id', 'slot']).doNothing())
      .execute()
  }
  const mine = (
    await db
      .updateTable('connector_slots')
      .set({ expires_at: until })
      .where('connector_id', '=', o.connectorId)
      .where('owner', '=', o.owner)
      .where('slot', '<', o.slots)
      .returning('slot')
      .execute()
  )
    .map((r) => Number(r.slot))
    .sort((a, b) => a - b)
  const extra = mine.slice(o.want)
  if (extra.length > 0) {
    await db
      .updateTable('connector_slots')
      .set({ owner: null, expires_at: null })
      .where('connector_id', '=', o.connectorId)
      .where('slot', 'in', extra)
      .execute()
  }
  const kept = mine.slice(0, o.want)
  const missing = o.want - kept.length
  if (missing <= 0) return kept
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``
  const taken = await sql<{ slot: number }>`
    update connector_slots set owner = ${o.owner}, expires_at = ${until}
    where connector_id = ${o.connectorId} and slot in (
      select slot from connector_slots
      where connector_id = ${o.connectorId} and slot < ${o.slots}
        and (owner is null or expires_at < ${o.nowMs})
      order by slot limit ${missing} ${lock})
    returning slot`.execute(db)
  return [...kept, ...taken.rows.map((r) => Number(r.slot))].sort((a, b) => a - b)
}

/** Gives back every slot of `owner` (a worker that stops), or of every owner (`null`). */
export async function releaseSlots(db: Db, owner: string | null): Promise<void> {
  let q = db.updateTable('connector_slots').set({ owner: null, expires_at: null })
  if (owner !== null) q = q.where('owner', '=', owner)
  await q.execute()
}
