// Messages accepted in the process that runs the dispatcher are stored already leased to it and
// handed over, within its bound on messages in flight; beyond it they are queued as ever. A
// trigger records each message as it was inserted, so the tests see the hand-over itself, not
// only its outcome.
import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { once } from 'node:events'
import { sql } from 'kysely'
import { startDelivery, type Delivery } from '../../src/app/delivery-runtime.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const MAX_IN_FLIGHT = 3

/** A carrier on 127.0.0.1 that holds every request until `release`. */
async function startHoldingCarrier() {
  const held: ServerResponse[] = []
  const refs: string[] = []
  const server: Server = createServer((req, res) => {
    refs.push(new URL(req.url!, 'http://carrier').searchParams.get('ref') ?? '')
    req.resume()
    held.push(res)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    refs,
    release() {
      for (const res of held.splice(0)) res.end('OK')
    },
    async close() {
      this.release()
      server.closeAllConnections()
      server.close()
    },
  }
}

describe('hand-over of accepted messages to the dispatcher', () => {
  let s: TestServer
  let delivery: Delivery
  let carrier: Awaited<ReturnType<typeof startHoldingCarrier>>

  before(async () => {
    carrier = await startHoldingCarrier()
    // The server is built with the engine's port, through which it hands messages over.
    s = await startTestServer({}, { delivery: { idleMs: 20, maxInFlight: MAX_IN_FLIGHT } })
    delivery = s.engine!
    const { db, dialect } = s.ctx.deps
    await sql`create table sms_inserted (uuid text, state text, lease_owner text, attempts integer)`.execute(
      db,
    )
    if (dialect === 'sqlite') {
      await sql`create trigger sms_inserted after insert on sms begin
        insert into sms_inserted values (new.uuid, new.state, new.lease_owner, new.attempts); end`.execute(
        db,
      )
    } else {
      await sql`create function sms_inserted() returns trigger language plpgsql as $$ begin
        insert into sms_inserted values (new.uuid, new.state, new.lease_owner, new.attempts);
        return new; end $$`.execute(db)
      await sql`create trigger sms_inserted after insert on sms
        for each row execute function sms_inserted()`.execute(db)
    }
    const connector = await s.admin('/admin/connectors/carrier', {
      method: 'PUT',
      body: {
        kind: 'http',
        config: {
          url: `${carrier.base}/send`,
          params: { to: '{to}', text: '{text}', ref: '{id}' },
          callbackToken: 'hand-off-callback-token',
          dlr: { idParam: 'msgid', statusParam: 'status', statusMap: { delivered: 'DELIVRD' } },
        },
      },
    })
    assert.equal(connector.status, 200, connector.text)
    const route = await s.admin('/admin/routes', {
      body: { prefix: '+4917', connector_ids: ['carrier'] },
    })
    assert.equal(route.status, 201, route.text)
  })
  after(async () => {
    await carrier.close()
    await s.close()
  })
  beforeEach(async () => {
    // Nothing of the last test in flight: every place is free again.
    await waitFor('no message in flight', async () => {
      carrier.release()
      const open = await s.ctx.deps.db
        .selectFrom('sms')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', 'in', ['queued', 'submitting'])
        .executeTakeFirstOrThrow()
      return Number(open.n) === 0
    })
  })

  const send = (token = s.token) => s.request('/sms', { token, body: SMS })
  const inserted = async (uuid: string) =>
    (
      await sql<{ state: string; lease_owner: string | null; attempts: number }>`
        select state, lease_owner, attempts from sms_inserted where uuid = ${uuid}`.execute(
        s.ctx.deps.db,
      )
    ).rows[0]

  it('stores a message leased to the dispatcher and hands it over: no claim takes it', async () => {
    const r = await send()
    assert.equal(r.status, 201, r.text)
    const uuid = r.body.uuid as string
    assert.deepEqual(await inserted(uuid), {
      state: 'submitting',
      lease_owner: delivery.dispatcher.workerId,
      attempts: 1,
    })
    await waitFor('the carrier has it', () => carrier.refs.includes(uuid))
    carrier.release()
    await waitFor('sent', async () => {
      const m = await s.ctx.deps.db
        .selectFrom('sms')
        .select(['state', 'lease_owner'])
        .where('uuid', '=', uuid)
        .executeTakeFirstOrThrow()
      return m.state === 'sent' && m.lease_owner === null
    })
  })

  it('beyond the bound on messages in flight queues the rest, sent once places are free', async () => {
    const uuids: string[] = []
    for (let i = 0; i < MAX_IN_FLIGHT + 2; i++) {
      const r = await send()
      assert.equal(r.status, 201, r.text)
      uuids.push(r.body.uuid)
    }
    const states = await Promise.all(uuids.map(async (u) => (await inserted(u))!.state))
    assert.deepEqual(states, ['submitting', 'submitting', 'submitting', 'queued', 'queued'])
    const atCarrier = (some: string[]) => some.every((u) => carrier.refs.includes(u))
    await waitFor('the first three at the carrier', () => atCarrier(uuids.slice(0, 3)))
    // The queued ones wait for a place: the claim finds none while the carrier holds three.
    await new Promise((r) => setTimeout(r, 200))
    assert.equal(
      uuids.slice(3).some((u) => carrier.refs.includes(u)),
      false,
    )
    carrier.release()
    await waitFor('all five at the carrier', () => atCarrier(uuids))
  })

  it('a message refused for want of funds gives its place back', async () => {
    const poor = await s.createAccount({ balance: '0' })
    const uuids: string[] = []
    for (let i = 0; i < MAX_IN_FLIGHT - 1; i++) uuids.push((await send()).body.uuid)
    const refused = await send(poor.token)
    assert.equal(refused.status, 402, refused.text)
    const last = await send()
    assert.equal(last.status, 201, last.text)
    const { state } = (await inserted(last.body.uuid))!
    assert.equal(state, 'submitting', 'the refused message took no place for good')
  })

  it('once the dispatcher stopped, accepted messages are queued, not leased to it', async () => {
    await delivery.dispatcher.stop()
    const r = await send()
    assert.equal(r.status, 201, r.text)
    assert.deepEqual(await inserted(r.body.uuid), {
      state: 'queued',
      lease_owner: null,
      attempts: 0,
    })
    // Picked up by a dispatcher that runs.
    delivery = await startDelivery(s.ctx, { idleMs: 20, maxInFlight: MAX_IN_FLIGHT })
    await waitFor('at the carrier', () => carrier.refs.includes(r.body.uuid))
  })
})
