import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { CANCEL_CHUNK } from '../../src/services/bulks/manage-bulks.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

// Prices: the default price list of a new database, 0.075 per part.

describe('cancelling a bulk whose SMS are made', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true },
      { delivery: { idleMs: 20 }, bulks: { idleMs: 20 } },
    )
    // A webhook for every event, so a cancel that wrote one would leave it in the outbox.
    const hook = await s.request('/webhooks', {
      token: s.token,
      body: { uri: 'http://127.0.0.1:9/hook', events: [] },
    })
    assert.equal(hook.status, 201, hook.text)
    assert.equal(
      (await s.admin(`/admin/accounts/${s.userId}/topups`, { body: { amount: '1000' } })).status,
      200,
    )
  })
  after(() => s.close())

  const balanceMilli = async () =>
    Math.round(((await s.request('/me', { token: s.token })).body.balance_amount as number) * 1000)
  const made = (uuid: string) =>
    waitFor(`bulk ${uuid} made`, async () => {
      const b = (await s.request(`/bulks/${uuid}`, { token: s.token })).body
      return b.status_code === 100 ? b : undefined
    })
  const states = async (uuid: string) => {
    const rows = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['state', 'status_code'])
      .where('bulk_id', '=', uuid)
      .execute()
    const n: Record<string, number> = {}
    for (const r of rows)
      n[`${r.state}:${r.status_code}`] = (n[`${r.state}:${r.status_code}`] ?? 0) + 1
    return n
  }
  const eventsOf = async (uuid: string) => {
    const r = await sql<{ n: number }>`
      select count(*) as n from event_deliveries where subject in (select uuid from sms where bulk_id = ${uuid})`.execute(
      s.ctx.deps.db,
    )
    return Number(r.rows[0]!.n)
  }
  const cancel = (uuid: string) =>
    s.request(`/bulks/${uuid}/cancel`, { token: s.token, method: 'PUT' })

  it('cancels a scheduled bulk at status 100, refunds every SMS, and then answers 409', async () => {
    const before = await balanceMilli()
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Morgen',
        phones: ['+491701212001', '+491701212002', '+491701212003'],
        delivery_at: s.clock.nowS() + 3600,
      },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(await balanceMilli(), before - 225)
    const bulk = await made(r.body.uuid)
    assert.equal(bulk.msg_total_count, 3)

    const c = await cancel(bulk.uuid)
    assert.equal(c.status, 200, c.text)
    assert.equal(c.body.status_code, 410)
    assert.equal(c.body.msg_total_count, 3, 'the SMS made stay in the postbox, cancelled')
    assert.equal(c.body.msg_total_cost, 0, 'nothing of it is charged any more')
    assert.deepEqual(await states(bulk.uuid), { 'cancelled:410': 3 })
    assert.equal(await balanceMilli(), before, 'all refunded')
    assert.equal(await eventsOf(bulk.uuid), 0, 'a cancel changes no dlr_code: no events')

    const again = await cancel(bulk.uuid)
    assert.equal(again.status, 409, again.text)
    assert.equal(await balanceMilli(), before, 'refunded once')
  })

  it('cancels a large scheduled bulk chunk by chunk; SMS claimed or sent meanwhile stay charged', async () => {
    const n = CANCEL_CHUNK * 2 + 500
    const g = await s.request('/groups', { token: s.token, body: { name: 'Alle' } })
    assert.equal(g.status, 201, g.text)
    const phones = Array.from({ length: n }, (_, i) => ({
      phone: `+4916012${String(i).padStart(5, '0')}`,
    }))
    const b = await s.request(`/groups/${g.body.id}/phones/batch`, { token: s.token, body: phones })
    assert.equal(b.status, 201, b.text)
    const before = await balanceMilli()
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Später',
        msg_groups: [g.body.id],
        delivery_at: s.clock.nowS() + 7200,
      },
    })
    assert.equal(r.status, 201, r.text)
    const bulk = await made(r.body.uuid)
    assert.equal(bulk.msg_total_count, n)

    // As if a dispatcher had sent two and claimed three (in flight) when the cancel comes.
    const db = s.ctx.deps.db
    await sql`update sms set state = 'sent', is_sent = 1, status_code = 100 where uuid in (
      select uuid from sms where bulk_id = ${bulk.uuid} order by phone limit 2)`.execute(db)
    await sql`update sms set state = 'submitting' where uuid in (
      select uuid from sms where bulk_id = ${bulk.uuid} order by phone desc limit 3)`.execute(db)

    const c = await cancel(bulk.uuid)
    assert.equal(c.status, 200, c.text)
    assert.equal(c.body.status_code, 410)
    assert.equal(c.body.msg_total_count, n)
    assert.equal(c.body.msg_total_cost, 0.375, 'the five sent or in flight')
    assert.deepEqual(await states(bulk.uuid), {
      'sent:100': 2,
      'submitting:0': 3,
      'cancelled:410': n - 5,
    })
    assert.equal(before - (await balanceMilli()), 375, 'only the sent and the claimed stay charged')
    assert.equal(await eventsOf(bulk.uuid), 0)
    assert.equal((await cancel(bulk.uuid)).status, 409)
  })

  it('cancels a bulk that ended short of funds (3000) while its SMS made are unsent', async () => {
    const before = await balanceMilli()
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Hi',
        phones: ['+491701313001'],
        delivery_at: s.clock.nowS() + 3600,
      },
    })
    assert.equal(r.status, 201, r.text)
    await made(r.body.uuid)
    // As if recipients added to a group later could not be paid for.
    await sql`update bulks set status_code = 3000 where uuid = ${r.body.uuid}`.execute(
      s.ctx.deps.db,
    )
    const c = await cancel(r.body.uuid)
    assert.equal(c.status, 200, c.text)
    assert.equal(c.body.status_code, 410)
    assert.equal(await balanceMilli(), before)
  })

  it('still answers 409 for a dryrun and for a bulk whose SMS are all sent', async () => {
    const dry = await s.request('/bulks/dryrun', {
      token: s.token,
      body: { sender_id: 'Taube', text: 'Hi', phones: ['+491701414001'] },
    })
    assert.equal(dry.status, 201, dry.text)
    assert.equal((await cancel(dry.body.uuid)).status, 409)
    const r = await s.request('/bulks', {
      token: s.token,
      body: { sender_id: 'Taube', text: 'Hi', phones: ['+491701414002'] },
    })
    const bulk = await made(r.body.uuid)
    await waitFor(
      'sent',
      async () =>
        (await states(bulk.uuid))['sent:100'] === 1 ||
        (await states(bulk.uuid))['delivered:100'] === 1,
    )
    const c = await cancel(bulk.uuid)
    assert.equal(c.status, 409, c.text)
    assert.match(c.text, /no SMS left unsent/)
  })
})

describe('cancelling a bulk while the dispatcher claims its SMS', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer(
      {},
      { delivery: { idleMs: 5, batchSize: 50, maxInFlight: 100 }, bulks: { idleMs: 20 } },
    )
    assert.equal(
      (await s.admin(`/admin/accounts/${s.userId}/topups`, { body: { amount: '1000' } })).status,
      200,
    )
  })
  after(() => s.close())

  it('refunds exactly the SMS it cancelled; every other one goes out and stays charged', async () => {
    const n = CANCEL_CHUNK * 3
    const g = await s.request('/groups', { token: s.token, body: { name: 'Alle' } })
    const phones = Array.from({ length: n }, (_, i) => ({
      phone: `+4916013${String(i).padStart(5, '0')}`,
    }))
    assert.equal(
      (await s.request(`/groups/${g.body.id}/phones/batch`, { token: s.token, body: phones }))
        .status,
      201,
    )
    const me = async () =>
      Math.round(
        ((await s.request('/me', { token: s.token })).body.balance_amount as number) * 1000,
      )
    const before = await me()
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Los',
        msg_groups: [g.body.id],
        delivery_at: s.clock.nowS() + 60,
      },
    })
    assert.equal(r.status, 201, r.text)
    await waitFor(
      'bulk made',
      async () =>
        (await s.request(`/bulks/${r.body.uuid}`, { token: s.token })).body.status_code === 100,
    )

    // Due now: the dispatcher starts claiming while the cancel goes through the bulk chunk by chunk.
    s.clock.advance(61_000)
    s.ctx.deps.queued.notify()
    const db = s.ctx.deps.db
    await waitFor(
      'the dispatcher at work',
      async () => {
        const claimed = await db
          .selectFrom('sms')
          .select('uuid')
          .where('bulk_id', '=', r.body.uuid)
          .where('state', '<>', 'scheduled')
          .limit(1)
          .execute()
        return claimed.length > 0
      },
      10_000,
      1,
    )
    const c = await s.request(`/bulks/${r.body.uuid}/cancel`, { token: s.token, method: 'PUT' })
    assert.equal(c.status, 200, c.text)

    const rows = await waitFor('nothing in flight', async () => {
      const all = await db
        .selectFrom('sms')
        .select(['state'])
        .where('bulk_id', '=', r.body.uuid)
        .execute()
      return all.every((x) => ['cancelled', 'sent', 'delivered'].includes(x.state))
        ? all
        : undefined
    })
    assert.equal(rows.length, n)
    const kept = rows.filter((x) => x.state !== 'cancelled').length
    assert.ok(rows.length - kept > 0, 'the cancel found SMS unsent')
    assert.equal(
      before - (await me()),
      75 * kept,
      'charged for what went out, refunded for the rest, each once',
    )
    const bulk = (await s.request(`/bulks/${r.body.uuid}`, { token: s.token })).body
    assert.equal(bulk.status_code, 410)
    assert.equal(Math.round(bulk.msg_total_cost * 1000), 75 * kept)
  })
})
