import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startEvents } from '../../src/app/events-runtime.js'
import type { EventWorker } from '../../src/events/worker.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const DRYRUN = {
  text: 'handed',
  sender_id: 'Taube',
  phone: '+491701234567',
  callback_data: 'handed-1',
}

// Events go from the outbox straight to the worker of the process, stored leased to it. What
// the worker never got (the process died between the commit and the hand-over) must come back.
describe('events handed to the worker', () => {
  let s: TestServer
  let rx: Receiver
  before(async () => {
    s = await startTestServer({ webhookAllowPrivate: true })
    rx = await startReceiver()
    const r = await s.request('/webhooks', {
      token: s.token,
      body: { uri: `${rx.url}/hook`, events: ['sms.delivery.dryrun'] },
    })
    assert.equal(r.status, 201, r.text)
  })
  after(async () => {
    await s.close()
    await rx.close()
  })

  const deliveries = () =>
    s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select(['state', 'lease_owner', 'attempts'])
      .orderBy('id')
      .execute()

  it('a delivery whose hand-over never arrived is sent by the worker of the next start', async () => {
    const first: EventWorker = await startEvents(s.ctx, { idleMs: 20 })
    const outbox = s.ctx.deps.outbox
    const handOff = outbox.handOff!
    // The process dies after the commit, before the worker takes the delivery.
    outbox.handOff = {
      owner: handOff.owner,
      leaseMs: handOff.leaseMs,
      take: () => handOff.take(),
      giveBack: () => handOff.giveBack(),
      deliver: () => undefined,
    }
    const r = await s.request('/sms/dryrun', { token: s.token, body: DRYRUN })
    assert.equal(r.status, 201, r.text)
    // Stored leased to the worker, as a claim would have left it: no claim takes it meanwhile.
    assert.deepEqual(await deliveries(), [
      { state: 'delivering', lease_owner: first.workerId, attempts: 0 },
    ])
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.equal(rx.received.length, 0)

    // The restart: the old worker is gone, a new one starts on the same store.
    outbox.useWorker(null)
    await first.stop()
    const second = await startEvents(s.ctx, { idleMs: 20 })
    await waitFor('the delivery after the restart', () => rx.received.length === 1)
    assert.equal(rx.json()[0].data.callback_data, 'handed-1')
    await waitFor('the attempt recorded', async () => (await deliveries())[0]?.attempts === 1)
    assert.deepEqual(await deliveries(), [{ state: 'delivered', lease_owner: null, attempts: 1 }])
    await second.stop()
  })
})
