// messaggisms.com's priority over a real SMPP carrier that is slowed down: a message of
// priority 2.00, sent after 1,000 messages of priority 1.00, reaches the carrier ahead of the
// ones still waiting in the queue, and is priced at the operator's surcharge.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startSmscSim, type SmscSim } from '../../src/smsc-sim/smsc-sim.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const COUNT = 1000

describe('messaggisms.com API: priority', () => {
  let s: TestServer
  let sim: SmscSim
  before(async () => {
    // A few messages in the dispatcher's hands at a time: the rest wait in the store's queue,
    // whose claim order is what priority changes.
    s = await startTestServer(
      { messaggiPrioritySurcharge: 50 },
      { delivery: { maxInFlight: 10, batchSize: 10, idleMs: 20 } },
    )
    sim = await startSmscSim({ port: 0, systemId: 'taube', password: 'secret', dlrDelayMs: 20 })
    const put = await s.admin('/admin/connectors/smsc', {
      method: 'PUT',
      body: {
        kind: 'smpp',
        config: {
          host: '127.0.0.1',
          port: sim.port,
          systemId: 'taube',
          password: 'secret',
          window: 1,
          // The slowed carrier: 100 a second, 10 s for the 1,000.
          throughputPerS: 100,
        },
      },
    })
    assert.equal(put.status, 200, put.text)
    for (const r of (await s.admin('/admin/routes')).body.routes)
      await s.admin(`/admin/routes/${r.id}`, { method: 'DELETE' })
    const route = await s.admin('/admin/routes', { body: { connector_ids: ['smsc'] } })
    assert.equal(route.status, 201, route.text)
    await waitFor('the SMPP bind', () => sim.stats().openSessions >= 1)
  })
  after(async () => {
    await s?.close()
    await sim?.close()
  })

  const send = (body: Record<string, unknown>) =>
    s.request('/messaggi/messages/', {
      headers: { Authorization: `Bearer ${s.token}` },
      body: { sender: 'Taube', ...body },
    })

  it('a priority 2.00 message queued after 1,000 of priority 1.00 leaves before them', async () => {
    const numbers = Array.from({ length: COUNT }, (_, i) => `+49-17${String(20_000_000 + i)}`)
    const bulk = await send({ body: 'routine', recipients: numbers })
    assert.equal(bulk.status, 200, bulk.text)
    assert.equal(bulk.body.data[0].recipients_count, COUNT)
    // The carrier has been taking routine messages while the 1,000 were accepted.
    const routineSoFar = () => sim.received().filter((m) => m.text === 'routine').length
    const beforeUrgent = routineSoFar()
    const urgent = await send({ body: 'urgent', priority: 2, recipients: '+49-1739999999' })
    assert.equal(urgent.status, 200, urgent.text)
    // Priced with the surcharge of 50 % per point: 0.075 × 1.5.
    assert.equal(urgent.body.data[0].recipients[0].price, 0.1125)
    const position = await waitFor(
      'the urgent message at the carrier',
      () => {
        const i = sim.received().findIndex((m) => m.text === 'urgent')
        return i >= 0 ? i : undefined
      },
      30_000,
    )
    const routineBefore = sim
      .received()
      .slice(0, position)
      .filter((m) => m.text === 'routine').length
    // Once it was queued, only those already in the dispatcher's hands (10) and the claim that
    // ran while it was stored went first; every other waited behind it.
    assert.ok(
      routineBefore - beforeUrgent <= 25,
      `${routineBefore - beforeUrgent} routine messages overtook it (${beforeUrgent} had gone before it was sent)`,
    )
    assert.ok(routineBefore < COUNT / 2, `${routineBefore} of ${COUNT} went first`)
    const waiting = await s.ctx.deps.db
      .selectFrom('sms')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('text', '=', 'routine')
      .where('state', 'in', ['queued', 'scheduled'])
      .executeTakeFirstOrThrow()
    assert.ok(Number(waiting.n) > COUNT / 2, `${waiting.n} routine messages still queued`)
  })
})
