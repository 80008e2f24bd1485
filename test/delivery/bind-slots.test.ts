// The sessions of a connector shared among dispatcher processes through the store: never more
// than the connector has, each to one process, taken over when a process dies or leaves.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { BindSlots } from '../../src/delivery/bind-slots.js'
import { openStore, type Store } from '../../src/store/db.js'
import { migrateToLatest } from '../../src/store/migrations/index.js'
import { FixedClock } from '../helpers/fixed-clock.js'

describe('bind slots across dispatchers', () => {
  let store: Store
  const clock = new FixedClock()
  const worker = (id: string) =>
    new BindSlots({ db: store.db, dialect: store.dialect, clock }, id, 15_000)
  const owners = async (connectorId: string) => {
    const rows = await store.db
      .selectFrom('connector_slots')
      .select(['slot', 'owner'])
      .where('connector_id', '=', connectorId)
      .where('expires_at', '>=', clock.nowMs())
      .orderBy('slot')
      .execute()
    return rows.map((r) => `${r.slot}:${r.owner}`)
  }
  before(async () => {
    store = openStore({ url: 'sqlite::memory:' })
    await migrateToLatest(store.db)
  })
  after(() => store.close())

  it('one dispatcher runs every session', async () => {
    const a = worker('a')
    await a.beat()
    assert.equal(await a.share('smsc', 4), 4)
    assert.deepEqual(await owners('smsc'), ['0:a', '1:a', '2:a', '3:a'])
  })

  it('a second dispatcher gets its share once the first gives back what is beyond its own', async () => {
    const [a, b] = [worker('a'), worker('b')]
    await b.beat()
    await a.beat() // each sees the other from its next heartbeat on
    assert.equal(await b.share('smsc', 4), 0, 'nothing is free yet')
    assert.equal(await a.share('smsc', 4), 2)
    assert.equal(await b.share('smsc', 4), 2)
    assert.deepEqual(await owners('smsc'), ['0:a', '1:a', '2:b', '3:b'])
  })

  it('an odd count goes to the first in order, and the total never exceeds the sessions', async () => {
    const [a, b] = [worker('a'), worker('b')]
    await b.beat()
    await a.beat()
    assert.equal(await a.share('odd', 3), 2)
    assert.equal(await b.share('odd', 3), 1)
    assert.equal(await b.share('odd', 3), 1, 'a renewal changes nothing')
    assert.equal((await owners('odd')).length, 3)
  })

  it('slots of a dispatcher that stopped renewing are taken over after the lease', async () => {
    const b = worker('b')
    clock.advance(10_000)
    await b.beat()
    assert.equal(await b.share('smsc', 4), 2, 'a is still alive: b keeps its share')
    clock.advance(10_000) // a last renewed 20 s ago: its heartbeat and slots ran out
    await b.beat()
    assert.equal(await b.share('smsc', 4), 4)
    assert.deepEqual(await owners('smsc'), ['0:b', '1:b', '2:b', '3:b'])
  })

  it('a dispatcher that leaves gives its slots back at once', async () => {
    const [b, c] = [worker('b'), worker('c')]
    await c.beat()
    await b.beat()
    assert.equal(await b.share('smsc', 4), 2)
    assert.equal(await c.share('smsc', 4), 2)
    await c.release()
    await b.beat()
    assert.equal(await b.share('smsc', 4), 4)
  })

  it('fewer sessions than before: slots beyond the count are neither kept nor counted', async () => {
    const b = worker('b')
    await b.beat()
    assert.equal(await b.share('smsc', 2), 2)
    assert.deepEqual((await owners('smsc')).slice(0, 2), ['0:b', '1:b'])
  })
  it('a single process restarting after a crash runs every session at once', async () => {
    const crashed = worker('a-crashed')
    await crashed.beat()
    assert.equal(await crashed.share('solo', 1), 1)
    // Ranked after the dead one's heartbeat, the new process would get no session for 15 s.
    const restarted = worker('z-restarted')
    await restarted.reset()
    await restarted.beat()
    assert.equal(await restarted.share('solo', 1), 1)
  })
})
