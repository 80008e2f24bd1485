import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { startEvents } from '../../src/app/events-runtime.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

const DRYRUN = {
  text: 'unrecorded',
  sender_id: 'Taube',
  phone: '+491701234567',
  callback_data: 'unrecorded-1',
}

// The store refuses the record of an attempt (a full disk, a connection lost at that moment):
// the delivery must be attempted again, not stay leased to the worker that sent it.
describe('an event attempt the store could not record', () => {
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

  const db = () => s.ctx.deps.db
  /** A real refusal by the database: a trigger that aborts every insert of an attempt. */
  async function refuseAttemptRecords(): Promise<void> {
    if (s.ctx.deps.dialect === 'postgres') {
      await sql`create function refuse_attempt() returns trigger language plpgsql as $$
        begin raise exception 'no space left'; end $$`.execute(db())
      await sql`create trigger refuse_attempt before insert on event_attempts
        for each row execute function refuse_attempt()`.execute(db())
    } else {
      await sql`create trigger refuse_attempt before insert on event_attempts
        begin select raise(abort, 'no space left'); end`.execute(db())
    }
  }
  async function acceptAttemptRecords(): Promise<void> {
    await sql`drop trigger refuse_attempt${sql.raw(
      s.ctx.deps.dialect === 'postgres' ? ' on event_attempts' : '',
    )}`.execute(db())
  }
  const deliveries = () =>
    db()
      .selectFrom('event_deliveries')
      .select(['state', 'lease_owner', 'attempts'])
      .orderBy('id')
      .execute()

  it('goes back to the queue and is attempted again once the store records again', async () => {
    // Leases far longer than the test: only a hand-back can bring the delivery round again.
    const worker = await startEvents(s.ctx, { idleMs: 20, leaseMs: 600_000 })
    await refuseAttemptRecords()
    const r = await s.request('/sms/dryrun', { token: s.token, body: DRYRUN })
    assert.equal(r.status, 201, r.text)
    await waitFor('the first attempt', () => rx.received.length >= 1)
    await waitFor('the delivery back in the queue', async () => {
      const [d] = await deliveries()
      return d?.state === 'pending' && d.lease_owner === null
    })
    // Due again after a pause, so that a store that keeps refusing does not loop the calls.
    const [due] = await db().selectFrom('event_deliveries').select('due_at').execute()
    assert.ok(Number(due!.due_at) > s.clock.nowMs())
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal(rx.received.length, 1)
    await acceptAttemptRecords()
    s.clock.advance(Number(due!.due_at) - s.clock.nowMs())
    await waitFor('the attempt again, recorded', async () => {
      const [d] = await deliveries()
      return d?.state === 'delivered'
    })
    assert.equal(rx.received.length, 2)
    assert.deepEqual(
      rx.json().map((b) => b.data.callback_data),
      ['unrecorded-1', 'unrecorded-1'],
    )
    assert.deepEqual(await deliveries(), [{ state: 'delivered', lease_owner: null, attempts: 1 }])
    await worker.stop()
  })
})
