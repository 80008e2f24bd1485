import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import pino from 'pino'
import { createPostgresTestDatabase } from '../../../test/helpers/test-database.js'
import { smsRow, testSmsUuid } from '../../../test/helpers/sms-row.js'
import { waitFor } from '../../../test/helpers/wait-for.js'
import { openStore } from '../db.js'
import { migrateToLatest } from '../migrations/index.js'
import { insertSms } from '../repositories/sms.repository.js'
import { journalOnWire } from '../repositories/wire-journal.repository.js'
import type { SmsRow } from '../tables/sms.table.js'
import { releaseLeasesOfDead } from './dead-owners.js'
import { WorkerLock } from './worker-lock.js'

// PostgreSQL, whatever the run tests: a store shared by processes, where a worker's advisory lock
// (worker-lock.ts) tells the others whether it is alive. A dead worker's leases go back at once,
// long before they run out; a live worker's are never touched.

const NOW = 100_000
const LEASE_UNTIL = NOW + 30_000
const WAIT = 60_000
const log = pino({ level: 'silent' })

let n = 0
function leased(owner: string): SmsRow {
  n++
  return smsRow({
    uuid: testSmsUuid(n),
    state: 'submitting',
    attempts: 1,
    lease_owner: owner,
    lease_expires_at: LEASE_UNTIL,
    due_at: 5_000 + n,
  })
}

describe('dead workers found by their advisory lock (PostgreSQL)', () => {
  it("releases a dead worker's leases at once, journaled ones into doubt, and keeps a live one's", async (t) => {
    const database = await createPostgresTestDatabase()
    const store = openStore({ url: database.url })
    const locks: WorkerLock[] = []
    t.after(async () => {
      for (const l of locks) await l.release()
      await store.close()
      await database.drop()
    })
    await migrateToLatest(store.db)
    const lock = async (id: string) => {
      const l = new WorkerLock({ url: database.url, log }, id)
      await l.take()
      locks.push(l)
      return l
    }
    const dead = await lock('dispatcher-dead')
    await lock('dispatcher-live')
    const [onWire, neverSent, live] = [
      leased('dispatcher-dead'),
      leased('dispatcher-dead'),
      leased('dispatcher-live'),
    ]
    for (const r of [onWire, neverSent, live]) await insertSms(store.db, r)
    await journalOnWire(store.db, {
      workerId: 'dispatcher-dead',
      seq: 1,
      entries: [[onWire.uuid, 1]],
      nowMs: NOW,
    })
    const sweep = () =>
      releaseLeasesOfDead(store.db, { nowMs: NOW, inDoubtMs: WAIT, self: 'dispatcher-sweeper' })
    const rows = async () =>
      new Map(
        (
          await store.db
            .selectFrom('sms')
            .select(['uuid', 'state', 'lease_owner', 'due_at', 'in_doubt_until'])
            .execute()
        ).map((r) => [r.uuid, r]),
      )

    assert.equal(await sweep(), 0, 'both owners alive, no lease run out: nothing is released')

    // The dead worker's session ends (its process died, its socket closed).
    await dead.release()
    assert.equal(await sweep(), 2, "the dead worker's leases go, though they run 30 s more")
    const after = await rows()
    const x = after.get(onWire.uuid)!
    assert.deepEqual(
      [x.state, x.lease_owner, Number(x.due_at), Number(x.in_doubt_until)],
      ['queued', null, NOW + WAIT, NOW + WAIT],
    )
    const y = after.get(neverSent.uuid)!
    assert.deepEqual(
      [y.state, y.lease_owner, Number(y.due_at), y.in_doubt_until],
      ['queued', null, neverSent.due_at, null],
    )
    const z = after.get(live.uuid)!
    assert.deepEqual(
      [z.state, z.lease_owner],
      ['submitting', 'dispatcher-live'],
      "a live worker's lease is kept",
    )

    // Sweeps go on (each tick): the live worker's lease is never taken, nor the sweeper's own.
    await insertSms(store.db, leased('dispatcher-sweeper'))
    for (let i = 0; i < 3; i++) assert.equal(await sweep(), 0)
    const leftLeased = await store.db
      .selectFrom('sms')
      .select('lease_owner')
      .where('state', '=', 'submitting')
      .orderBy('lease_owner')
      .execute()
    assert.deepEqual(
      leftLeased.map((r) => r.lease_owner),
      ['dispatcher-live', 'dispatcher-sweeper'],
    )
  })

  it('a worker whose lock connection is cut holds no lease until it takes the lock again', async (t) => {
    const database = await createPostgresTestDatabase()
    const store = openStore({ url: database.url })
    // It connects again after 3 s: time for a sweep to find its lock free meanwhile.
    const cut = new WorkerLock({ url: database.url, log, retakeMs: 3_000 }, 'dispatcher-cut')
    t.after(async () => {
      await cut.release()
      await store.close()
      await database.drop()
    })
    await migrateToLatest(store.db)
    await cut.take()
    assert.equal(cut.held, true)
    await insertSms(store.db, leased('dispatcher-cut'))
    const sweep = () => releaseLeasesOfDead(store.db, { nowMs: NOW, self: 'dispatcher-sweeper' })
    assert.equal(await sweep(), 0)
    // The server ends its session, as when the network between them fails.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'taube-worker-lock' and datname = current_database()`.execute(
      store.db,
    )
    await waitFor('the worker sees its lock lost', async () => !cut.held, 5_000, 10)
    // Meanwhile another worker may release its work: it must not count on its leases.
    assert.equal(await sweep(), 1)
    await waitFor('the lock taken again', async () => cut.held, 10_000, 50)
    await insertSms(store.db, leased('dispatcher-cut'))
    assert.equal(await sweep(), 0, 'alive again: its new lease is kept')
  })
})
