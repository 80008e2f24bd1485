import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startSmscSim, type SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { openStore } from '../../src/store/db.js'
import { startTaube, type RunningTaube } from '../helpers/cli.js'
import { http } from '../helpers/http.js'
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js'
import { waitFor } from '../helpers/wait-for.js'

const TOKEN = '1234567:e3f3a759b6677959b6ebfc0123456789'
const ADMIN = 'e2e-admin-token-0123456789'
const SMS = { sender_id: 'Taube', phone: '+491701234567' }

/** The real gateway process, an SMPP connector to the simulator SMSC, and a route to it. */
async function gatewayWithSmpp(
  database: TestDatabase,
  sim: SmscSim,
  smpp: object = {},
): Promise<RunningTaube> {
  const taube = await startTaube({
    TAUBE_DATABASE_URL: database.url,
    TAUBE_BOOTSTRAP_TOKEN: TOKEN,
    TAUBE_ADMIN_TOKEN: ADMIN,
  })
  const admin = (path: string, body: unknown, method = 'PUT') =>
    http(taube.url, path, { method, body, headers: { Authorization: `Bearer ${ADMIN}` } })
  assert.equal(
    (await admin('/admin/accounts/1234567/topups', { amount: '10000' }, 'POST')).status,
    200,
  )
  const put = await admin('/admin/connectors/smsc', {
    kind: 'smpp',
    config: {
      host: '127.0.0.1',
      port: sim.port,
      systemId: 'taube',
      password: 'secret',
      window: 50,
      ...smpp,
    },
  })
  assert.equal(put.status, 200, put.text)
  const routes = (
    await http(taube.url, '/admin/routes', { headers: { Authorization: `Bearer ${ADMIN}` } })
  ).body.routes
  if (!routes.some((r: { connector_ids: string[] }) => r.connector_ids.includes('smsc'))) {
    for (const r of routes) await admin(`/admin/routes/${r.id}`, undefined, 'DELETE')
    assert.equal((await admin('/admin/routes', { connector_ids: ['smsc'] }, 'POST')).status, 201)
  }
  return taube
}

/**
 * Messages the killed process may have sent wait 30 s in doubt for their receipts. The wait
 * runs from the release, and a dead dispatcher's leases are now released at start (on
 * PostgreSQL by its free worker lock), before the new session is bound and the SMSC's held
 * receipts arrive under its throttle; 3 s was enough only while the release waited 30 s for
 * the leases to run out.
 */
async function restartGateway(database: TestDatabase): Promise<RunningTaube> {
  return startTaube({
    TAUBE_DATABASE_URL: database.url,
    TAUBE_ADMIN_TOKEN: ADMIN,
    TAUBE_IN_DOUBT_WAIT_S: '30',
  })
}

describe('delivery over SMPP to taube smsc-sim', () => {
  let database: TestDatabase
  let sim: SmscSim
  let taube: RunningTaube
  before(async () => {
    database = await createTestDatabase()
    sim = await startSmscSim({ port: 0, systemId: 'taube', password: 'secret', dlrDelayMs: 50 })
    taube = await gatewayWithSmpp(database, sim)
  })
  after(async () => {
    await taube?.stop()
    await sim?.close()
    await database?.drop()
  })

  const send = async (body: object) => {
    const r = await http(taube.url, '/sms', { token: TOKEN, body: { ...SMS, ...body } })
    assert.equal(r.status, 201, r.text)
    return r.body.uuid as string
  }
  const delivered = (uuid: string) =>
    waitFor(`${uuid} delivered`, async () => {
      const m = (await http(taube.url, `/sms/${uuid}`, { token: TOKEN })).body
      return m.dlr_code === 1 ? m : undefined
    })
  const atSim = (text: string) =>
    waitFor(`"${text.slice(0, 20)}" at the SMSC`, () => sim.received().find((m) => m.text === text))

  it('POST /sms → SMSC → DELIVRD → GET shows dlr_code 1', async () => {
    const uuid = await send({ text: 'Hello over SMPP' })
    const m = await delivered(uuid)
    assert.equal(m.status_code, 100)
    assert.equal(m.is_sent, true)
    const got = await atSim('Hello over SMPP')
    assert.equal(got.to.replace(/^\+/, ''), '491701234567')
    assert.equal(got.from, 'Taube')
  })

  it('splits long GSM and UCS-2 messages and the SMSC reassembles them', async () => {
    const gsm = `${'Long GSM message with extension chars {}[]~ '.repeat(8)}end`
    const ucs = `${'Grüße aus Köln 😀 – '.repeat(10)}Ende`
    const [a, b] = [await send({ text: gsm }), await send({ text: ucs })]
    const [ma, mb] = [await delivered(a), await delivered(b)]
    const [ra, rb] = [await atSim(gsm), await atSim(ucs)]
    assert.equal(ra.parts, ma.parts_count)
    assert.ok(ra.parts > 1)
    assert.equal(ra.dataCoding, 0)
    assert.equal(rb.parts, mb.parts_count)
    assert.ok(rb.parts > 1)
    assert.equal(rb.dataCoding, 8)
  })
})

describe('SMPP link failures', () => {
  it('reconnects after the SMSC drops the link and still delivers every message', async () => {
    const database = await createTestDatabase()
    const sim = await startSmscSim({
      port: 0,
      systemId: 'taube',
      password: 'secret',
      dlrDelayMs: 20,
      dropEvery: 40,
    })
    const taube = await gatewayWithSmpp(database, sim, {
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      window: 5,
    })
    try {
      const texts = Array.from({ length: 150 }, (_, i) => `drop-test ${i}`)
      for (const text of texts)
        await http(taube.url, '/sms', { token: TOKEN, body: { ...SMS, text } })
      await waitFor(
        'all 150 at the SMSC',
        () => new Set(sim.received().map((m) => m.text)).size >= 150,
        60_000,
      )
      assert.ok(sim.stats().dropped >= 3, `dropped ${sim.stats().dropped}`)
      assert.ok(sim.stats().binds >= 4, 'the connector bound again after each drop')
      assert.deepEqual(new Set(sim.received().map((m) => m.text)), new Set(texts))
    } finally {
      await taube.stop()
      await sim.close()
      await database.drop()
    }
  })

  it('honours the SMSC throttling and delivers everything', async () => {
    const database = await createTestDatabase()
    const sim = await startSmscSim({
      port: 0,
      systemId: 'taube',
      password: 'secret',
      dlrDelayMs: 20,
      throttlePerS: 100,
    })
    const taube = await gatewayWithSmpp(database, sim)
    try {
      const texts = Array.from({ length: 400 }, (_, i) => `throttle-test ${i}`)
      // All due at one moment, so they leave in one burst however fast they were accepted.
      const delivery_at = Math.floor(Date.now() / 1000) + 10
      const rs = await Promise.all(
        texts.map((text) =>
          http(taube.url, '/sms', { token: TOKEN, body: { ...SMS, text, delivery_at } }),
        ),
      )
      assert.deepEqual(
        rs.filter((r) => r.status !== 201).map((r) => r.text),
        [],
      )
      await waitFor(
        'all 400 at the SMSC',
        () => new Set(sim.received().map((m) => m.text)).size >= 400,
        60_000,
      )
      assert.ok(sim.stats().throttled > 0, 'the SMSC did push back')
      assert.deepEqual(new Set(sim.received().map((m) => m.text)), new Set(texts))
    } finally {
      await taube.stop()
      await sim.close()
      await database.drop()
    }
  })

  it('fails over to a second connector when the first SMSC is unreachable', async () => {
    const database = await createTestDatabase()
    const sim = await startSmscSim({
      port: 0,
      systemId: 'taube',
      password: 'secret',
      dlrDelayMs: 20,
    })
    const dead = await startSmscSim({ port: 0, systemId: 'taube', password: 'secret' })
    const deadPort = dead.port
    await dead.close() // nothing listens there any more
    const taube = await gatewayWithSmpp(database, sim)
    const admin = (path: string, body: unknown, method = 'PUT') =>
      http(taube.url, path, { method, body, headers: { Authorization: `Bearer ${ADMIN}` } })
    try {
      await admin('/admin/connectors/down', {
        kind: 'smpp',
        config: { host: '127.0.0.1', port: deadPort, systemId: 'taube', password: 'secret' },
      })
      const r = await admin(
        '/admin/routes',
        { prefix: '49', connector_ids: ['down', 'smsc'] },
        'POST',
      )
      assert.equal(r.status, 201, r.text)
      const sent = await http(taube.url, '/sms', {
        token: TOKEN,
        body: { ...SMS, text: 'failover' },
      })
      await waitFor('failover at the SMSC', () => sim.received().some((m) => m.text === 'failover'))
      const m = await waitFor('delivered', async () => {
        const x = (await http(taube.url, `/sms/${sent.body.uuid}`, { token: TOKEN })).body
        return x.dlr_code === 1 ? x : undefined
      })
      assert.equal(m.status_code, 100)
      const state = await http(taube.url, '/admin/connectors', {
        headers: { Authorization: `Bearer ${ADMIN}` },
      })
      const down = state.body.connectors.find((c: { id: string }) => c.id === 'down')
      assert.equal(down.state.up, false)
    } finally {
      await taube.stop()
      await sim.close()
      await database.drop()
    }
  })
})

describe('crash safety', () => {
  it('a gateway SIGKILLed with 10,000 queued loses none and sends none twice after restart (counted at the SMSC)', async () => {
    const database = await createTestDatabase()
    // Throttled so the kill lands mid-run, with thousands still queued: 10,000 take 20 s at the
    // SMSC, longer than posting them takes even on a loaded machine (at 2,500/s, all had gone
    // once before the posting ended).
    const sim = await startSmscSim({
      port: 0,
      systemId: 'taube',
      password: 'secret',
      dlrDelayMs: 20,
      throttlePerS: 500,
    })
    let taube = await gatewayWithSmpp(database, sim)
    const N = 10_000
    try {
      const texts = Array.from({ length: N }, (_, i) => `crash-test ${i}`)
      for (let i = 0; i < N; i += 200) {
        const batch = texts.slice(i, i + 200)
        const rs = await Promise.all(
          batch.map((text) => http(taube.url, '/sms', { token: TOKEN, body: { ...SMS, text } })),
        )
        assert.deepEqual(
          rs.filter((r) => r.status !== 201).map((r) => r.text),
          [],
        )
      }
      await waitFor('sending under way', () => sim.stats().messages >= 1000, 30_000)
      taube.child.kill('SIGKILL')
      await new Promise((r) => taube.child.once('exit', r))
      const atKill = new Set(sim.received().map((m) => m.text)).size
      assert.ok(atKill < N, `the kill came too late to prove anything (${atKill} already sent)`)

      taube = await restartGateway(database)
      await waitFor(
        `all ${N} at the SMSC`,
        () => new Set(sim.received().map((m) => m.text)).size >= N,
        120_000,
      )
      // Until nothing is left to send, a duplicate could still come.
      const store = openStore({ url: database.url })
      try {
        await waitFor('nothing left to send', async () => {
          const left = await store.db
            .selectFrom('sms')
            .select('uuid')
            .where('state', 'in', ['queued', 'scheduled', 'submitting'])
            .limit(1)
            .execute()
          return left.length === 0
        })
      } finally {
        await store.close()
      }
      const received = sim.received().map((m) => m.text)
      assert.deepEqual(new Set(received), new Set(texts), 'every accepted message reached the SMSC')
      // What was in flight at the kill reached the SMSC; its receipts settled it after restart.
      assert.equal(received.length - new Set(received).size, 0, 'duplicates at the SMSC')
    } finally {
      await taube.stop()
      await sim.close()
      await database.drop()
    }
  })
})
