import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../database.js'
import { releaseDeliveryLeases } from '../repositories/event.repository.js'
import { releaseLeases } from './claim.js'
import { workerLockKey } from './worker-lock.js'

/** Where leases are held, and in which state a leased row is. */
const LEASED = {
  sms: sql`select distinct lease_owner as owner from sms
    where state = 'submitting' and lease_owner is not null`,
  event_deliveries: sql`select distinct lease_owner as owner from event_deliveries
    where state = 'delivering' and lease_owner is not null`,
} as const

/**
 * PostgreSQL: the owners of leases in `table`, other than `self`, whose advisory lock
 * (worker-lock.ts) is free: their session ended, so the worker is dead. The lock of each is taken
 * for this transaction (released at its commit): a dead owner cannot come back meanwhile, and a
 * live one's try fails without waiting. Runs in the transaction that releases their leases.
 */
export async function deadLeaseOwners(
  trx: Transaction<Database>,
  table: keyof typeof LEASED,
  self: string,
): Promise<string[]> {
  // A volatile function is not pushed into the DISTINCT below it: one try per owner.
  const r = await sql<{ owner: string }>`
    select o.owner from (${LEASED[table]}) o
    where o.owner <> ${self} and pg_try_advisory_xact_lock(${workerLockKey(sql.ref('o.owner'))})`.execute(
    trx,
  )
  return r.rows.map((row) => row.owner)
}

/**
 * PostgreSQL with worker locks: releases the messages whose lease ran out and those of dead
 * dispatchers, in one transaction with the lock tries; the same release as releaseLeases, so what
 * a dead dispatcher journaled as on the wire waits in doubt and the rest is due at once.
 */
export function releaseLeasesOfDead(
  db: Kysely<Database>,
  o: { nowMs: number; all?: boolean; inDoubtMs?: number; self: string },
): Promise<number> {
  const { self, ...release } = o
  return db.transaction().execute(async (trx) => {
    const owners = await deadLeaseOwners(trx, 'sms', self)
    return releaseLeases(trx, { ...release, owners })
  })
}

/** The same for event deliveries: those of dead event workers go back to pending now. */
export function releaseDeliveryLeasesOfDead(
  db: Kysely<Database>,
  o: { nowMs: number; all?: boolean; self: string },
): Promise<number> {
  const { self, ...release } = o
  return db.transaction().execute(async (trx) => {
    const owners = await deadLeaseOwners(trx, 'event_deliveries', self)
    return releaseDeliveryLeases(trx, { ...release, owners })
  })
}

/**
 * PostgreSQL with worker locks: removes the heartbeats of dead workers of `role` and frees the
 * connector sessions they held (cluster.repository.ts), so that the living share them now rather
 * than when the heartbeats run out. How many were dead.
 */
export function forgetDeadWorkers(
  db: Kysely<Database>,
  o: { role: string; self: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ id: string }>`
      select id from workers
      where role = ${o.role} and id <> ${o.self} and pg_try_advisory_xact_lock(${workerLockKey(sql.ref('id'))})`.execute(
      trx,
    )
    const dead = r.rows.map((row) => row.id)
    if (dead.length === 0) return 0
    await trx.deleteFrom('workers').where('id', 'in', dead).execute()
    await trx
      .updateTable('connector_slots')
      .set({ owner: null, expires_at: null })
      .where('owner', 'in', dead)
      .execute()
    return dead.length
  })
}
