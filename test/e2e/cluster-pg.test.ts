// Three dispatcher processes share one PostgreSQL queue and one connector to `taube smsc-sim`
// while an API process accepts 30,000 messages; one dispatcher is SIGKILLed mid-run. Counted at
// the SMSC: every message arrives exactly once. The survivors share the connector's three
// sessions between them once they find the dead one's lock free.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pg from 'pg'
import { startSmscSim, type SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createPostgresTestDatabase, type TestDatabase } from '../helpers/test-database.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'e2e-admin-token-0123456789'
const N = 30_000
const SENDERS = 16

describe('three dispatchers on PostgreSQL, one SIGKILLed mid-run', () => {
  let database: TestDatabase
  let sim: SmscSim
  let db: pg.Client
  const nodes: RunningTaube[] = []
  before(async () => {
    database = await createPostgresTestDatabase()
    sim = await startSmscSim({ port: 0, systemId: 'taube', password: 'secret', dlrDelayMs: 20 })
    db = new pg.Client({ connectionString: database.url })
  })
  after(async () => {
    await db?.end().catch(() => {})
    for (const node of nodes)
      if (node.child.exitCode === null && node.child.signalCode === null) await node.stop()
    await sim?.close()
    await database?.drop()
  })

  /** Which process holds each of the connector's sessions. */
  const slots = async () =>
    (
      await db.query<{ slot: number; owner: string | null }>(
        `select slot, owner from connector_slots where connector_id = 'smsc' and expires_at > $1 order by slot`,
        [Date.now()],
      )
    ).rows

  it('submits 30,000 messages with no loss and no duplicate', { timeout: 280_000 }, async () => {
    const env = {
      TAUBE_DATABASE_URL: database.url,
      TAUBE_BOOTSTRAP_TOKEN: TOKEN,
      TAUBE_ADMIN_TOKEN: ADMIN,
      TAUBE_IN_DOUBT_WAIT_S: '5',
    }
    const api = await startTaube(env, 'api')
    nodes.push(api)
    await db.connect()
    const admin = (path: string, body: unknown, method = 'PUT') =>
      http(api.url, path, { method, body, headers: { Authorization: `Bearer ${ADMIN}` } })
    assert.equal(
      (await admin('/admin/accounts/1234567/topups', { amount: '100000' }, 'POST')).status,
      200,
    )
    const put = await admin('/admin/connectors/smsc', {
      kind: 'smpp',
      config: {
        host: '127.0.0.1',
        port: sim.port,
        systemId: 'taube',
        password: 'secret',
        sessions: 3,
        window: 20,
      },
    })
    assert.equal(put.status, 200, put.text)
    const routes = (
      await http(api.url, '/admin/routes', { headers: { Authorization: `Bearer ${ADMIN}` } })
    ).body.routes
    for (const r of routes) await admin(`/admin/routes/${r.id}`, undefined, 'DELETE')
    assert.equal((await admin('/admin/routes', { connector_ids: ['smsc'] }, 'POST')).status, 201)

    const dispatchers: RunningTaube[] = []
    for (let i = 0; i < 3; i++) dispatchers.push(await startTaube(env, 'dispatcher'))
    nodes.push(...dispatchers)
    // One session each: the connector's three binds hold for the cluster, not per process.
    await waitFor(
      'one session per dispatcher',
      async () => {
        const held = await slots()
        return held.length === 3 && new Set(held.map((s) => s.owner)).size === 3
      },
      30_000,
    )
    await waitFor('three binds at the SMSC', () => sim.stats().openSessions === 3, 30_000)

    const texts = Array.from({ length: N }, (_, i) => `cluster ${i}`)
    let next = 0
    const refused: string[] = []
    const sender = async () => {
      while (next < N) {
        const i = next++
        // Spread over handsets, as real traffic is.
        const phone = `+4917${String(10_000_000 + (i % 5000)).padStart(8, '0')}`
        const r = await http(api.url, '/sms', {
          token: TOKEN,
          body: { phone, sender_id: 'Taube', text: texts[i] },
        })
        if (r.status !== 201) refused.push(`${r.status} ${r.text}`)
      }
    }
    const accepting = Promise.all(Array.from({ length: SENDERS }, sender))

    const victim = dispatchers[1]!
    await waitFor('a third at the SMSC', () => sim.stats().messages >= N / 3, 120_000)
    victim.child.kill('SIGKILL')
    await new Promise((r) => victim.child.once('exit', r))
    // Counted at the kill: the other two may well send the rest before the senders are done.
    const atKill = new Set(sim.received().map((m) => m.text)).size
    await accepting
    assert.deepEqual(refused.slice(0, 3), [])
    assert.ok(atKill < N, 'the kill came before the end')

    await waitFor(
      `all ${N} at the SMSC`,
      () => new Set(sim.received().map((m) => m.text)).size >= N,
      180_000,
    )
    // The dead one's messages come back when a survivor finds its lock free (at the survivor's
    // next lease tick, 10 s at most): until none is left to send, a duplicate could still come.
    await waitFor(
      'nothing left to send',
      async () => {
        const r = await db.query(
          `select 1 from sms where state in ('queued', 'scheduled', 'submitting') limit 1`,
        )
        return r.rowCount === 0
      },
      120_000,
    )
    const received = sim.received().map((m) => m.text)
    assert.deepEqual(new Set(received), new Set(texts), 'every accepted message reached the SMSC')
    assert.equal(received.length - new Set(received).size, 0, 'duplicates at the SMSC')

    // The dead one's session went to a survivor: three sessions, two owners.
    await waitFor(
      'survivors hold every session',
      async () => {
        const held = await slots()
        return held.length === 3 && new Set(held.map((s) => s.owner)).size === 2
      },
      30_000,
    )
    assert.equal(sim.stats().openSessions, 3)
  })
})
