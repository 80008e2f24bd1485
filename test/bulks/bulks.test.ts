import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

// Prices: the default price list of a new database, 0.075 per part.

describe('bulks', () => {
  let s: TestServer
  let rx: Receiver
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true },
      { delivery: { idleMs: 20 }, events: { idleMs: 20 }, bulks: { idleMs: 20 } },
    )
    rx = await startReceiver()
    const hook = await s.request('/webhooks', {
      token: s.token,
      body: { uri: `${rx.url}/hook`, events: ['sms.delivery'] },
    })
    assert.equal(hook.status, 201, hook.text)
  })
  after(async () => {
    await s.close()
    await rx.close()
  })

  const balance = async (token = s.token) =>
    (await s.request('/me', { token })).body.balance_amount as number
  const group = async (body: object, phones: object[], token = s.token) => {
    const g = await s.request('/groups', { token, body: { name: 'Kunden', ...body } })
    assert.equal(g.status, 201, g.text)
    if (phones.length > 0) {
      const b = await s.request(`/groups/${g.body.id}/phones/batch`, { token, body: phones })
      assert.equal(b.status, 201, b.text)
    }
    return g.body.id as number
  }
  const createBulk = async (body: object, token = s.token) => {
    const r = await s.request('/bulks', {
      token,
      body: { sender_id: 'Taube', text: 'Hello', ...body },
    })
    assert.equal(r.status, 201, r.text)
    return r.body
  }
  const done = (uuid: string, token = s.token) =>
    waitFor(`bulk ${uuid} done`, async () => {
      const b = (await s.request(`/bulks/${uuid}`, { token })).body
      return b.status_code === 100 ? b : undefined
    })
  const smsOf = async (uuid: string) => {
    const r = await s.request(`/sms?bulk=${uuid}&_order[created_at]=asc`, { token: s.token })
    assert.equal(r.status, 200, r.text)
    return r.body['hydra:member'] as any[]
  }

  it('sends one SMS per number and reports them under GET /sms?bulk=', async () => {
    const before = await balance()
    const bulk = await createBulk({ phones: ['+491701111001', '+491701111002', '01701111003'] })
    assert.equal(bulk['@type'], 'Bulk')
    assert.equal(bulk.is_dryrun, false)
    assert.equal(bulk.msg_total_count, 3)
    assert.equal(bulk.msg_total_cost, 0.225)
    assert.deepEqual(bulk.phones, ['+491701111001', '+491701111002', '+491701111003'])
    const finished = await done(bulk.uuid)
    assert.equal(finished.msg_total_count, 3)
    assert.ok(finished.processed_at >= finished.created_at)
    const sms = await smsOf(bulk.uuid)
    assert.deepEqual(sms.map((m) => m.phone).sort(), [
      '+491701111001',
      '+491701111002',
      '+491701111003',
    ])
    assert.ok(
      sms.every((m) => m.bulk_id === bulk.uuid && m.text === 'Hello' && m.sender_id === 'Taube'),
    )
    await waitFor('all delivered', async () =>
      (await smsOf(bulk.uuid)).every((m) => m.dlr_code === 1),
    )
    assert.equal(Math.round((before - (await balance())) * 1000), 225)
  })

  it('fills placeholders from the group columns and carries each phone’s callback_data to its events', async () => {
    const g = await group({ name_a: 'Vorname', name_b: 'Stadt' }, [
      { phone: '+491702222001', a: 'Anna', b: 'Köln', callback_data: 'cb-anna' },
      { phone: '+491702222002', a: 'Ben', callback_data: 'cb-ben' },
    ])
    const bulk = await createBulk({
      text: 'Hallo [Vorname] aus [stadt], [col_C].',
      msg_groups: [g],
    })
    await done(bulk.uuid)
    const sms = await smsOf(bulk.uuid)
    const byPhone = Object.fromEntries(sms.map((m) => [m.phone, m]))
    assert.equal(byPhone['+491702222001'].text, 'Hallo Anna aus Köln, .')
    assert.equal(byPhone['+491702222002'].text, 'Hallo Ben aus , .')
    assert.equal(byPhone['+491702222001'].callback_data, 'cb-anna')
    const events = await waitFor('both delivery events', () => {
      const e = rx
        .json()
        .filter((x) => sms.some((m) => m.uuid === x.data.id) && x.data.dlr_code === 1)
      return e.length === 2 ? e : undefined
    })
    assert.deepEqual(events.map((e) => e.data.callback_data).sort(), ['cb-anna', 'cb-ben'])
  })

  it('sends a number once though it is in the list and in two groups, and counts it once', async () => {
    const g1 = await group({}, [{ phone: '+491703333001' }, { phone: '+491703333002' }])
    const g2 = await group({}, [{ phone: '+491703333002' }, { phone: '+491703333003' }])
    const before = await balance()
    const bulk = await createBulk({
      phones: ['+491703333001', '+491703333001'],
      msg_groups: [g1, g2],
    })
    assert.equal(bulk.msg_total_count, 3, 'each number once, as it will be made')
    assert.equal(bulk.msg_total_cost, 0.225)
    const finished = await done(bulk.uuid)
    assert.equal(finished.msg_total_count, 3)
    assert.equal(finished.msg_total_cost, 0.225)
    assert.equal((await smsOf(bulk.uuid)).length, 3)
    assert.equal(
      Math.round((before - (await balance())) * 1000),
      225,
      'charged for 3, not 5 entries',
    )
  })

  it('skips unsubscribed phones', async () => {
    const g = await group({}, [{ phone: '+491704444001' }, { phone: '+491704444002' }])
    await sql`update phones set unsubscribed_at = 1, unsubscribe_reason = 1 where phone = '+491704444002'`.execute(
      s.ctx.deps.db,
    )
    const bulk = await createBulk({ msg_groups: [g] })
    assert.equal(bulk.msg_total_count, 1)
    await done(bulk.uuid)
    assert.deepEqual(
      (await smsOf(bulk.uuid)).map((m) => m.phone),
      ['+491704444001'],
    )
  })

  it('answers 402 when the balance does not cover every recipient, and keeps nothing', async () => {
    const poor = await s.createAccount({ balance: '0.10' })
    const g = await group({}, [{ phone: '+491705555001' }, { phone: '+491705555002' }], poor.token)
    const r = await s.request('/bulks', {
      token: poor.token,
      body: { sender_id: 'Taube', text: 'Hi', msg_groups: [g] },
    })
    assert.equal(r.status, 402, r.text)
    assert.equal((await s.request('/bulks', { token: poor.token })).body['hydra:totalItems'], 0)
    assert.equal(await balance(poor.token), 0.1)
  })

  it('a personalised bulk the quick bound does not fit is priced exactly before a 402', async () => {
    // Reserved first: the longest value in costly characters ("{" is two septets), 2 parts each,
    // 0.30 in all; the balance holds 0.15, exactly the 1 part each recipient really needs.
    const tight = await s.createAccount({ balance: '0.15' })
    const g = await group(
      {},
      [
        { phone: '+491709191001', a: 'x'.repeat(150) },
        { phone: '+491709191002', a: 'y' },
      ],
      tight.token,
    )
    const r = await s.request('/bulks', {
      token: tight.token,
      body: { sender_id: 'Taube', text: 'Hi [col_a]', msg_groups: [g] },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.msg_total_cost, 0.15)
    assert.equal(await balance(tight.token), 0)
    const poorer = await s.createAccount({ balance: '0.14' })
    const g2 = await group(
      {},
      [
        { phone: '+491709191003', a: 'x'.repeat(150) },
        { phone: '+491709191004', a: 'y' },
      ],
      poorer.token,
    )
    const refused = await s.request('/bulks', {
      token: poorer.token,
      body: { sender_id: 'Taube', text: 'Hi [col_a]', msg_groups: [g2] },
    })
    assert.equal(refused.status, 402, refused.text)
    assert.match(
      refused.body['hydra:description'],
      /costs 0\.15 EUR/,
      'the exact price, not the bound',
    )
  })

  it('names what is wrong in a bulk request', async () => {
    const other = await s.createAccount()
    const foreign = await group({}, [{ phone: '+491706666001' }], other.token)
    const cases: [object, string][] = [
      [{ phones: [] }, 'phones'],
      [{ phones: null, msg_groups: null }, 'phones'],
      [{ phones: ['+491701234567', 'abc'] }, 'phones[1]'],
      [{ msg_groups: [999999] }, 'msg_groups[0]'],
      [{ msg_groups: [foreign] }, 'msg_groups[0]'],
      [{ phones: ['+491701234567'], text: '' }, 'text'],
      [{ phones: ['+491701234567'], text: 'ж', is_unicode: false }, 'text'],
      [{ phones: ['+491701234567'], service_code: 'carrier-pigeon' }, 'service_code'],
    ]
    for (const [body, field] of cases) {
      const r = await s.request('/bulks', {
        token: s.token,
        body: { sender_id: 'Taube', text: 'Hi', ...body },
      })
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`)
      const paths = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath)
      assert.ok(
        paths.includes(field),
        `${JSON.stringify(body)} should name ${field}: ${JSON.stringify(paths)}`,
      )
    }
    const noSender = await s.request('/bulks', {
      token: s.token,
      body: { text: 'Hi', phones: ['+491701234567'] },
    })
    assert.equal(noSender.status, 422)
  })

  it('cancels while processing: unsent SMS stop and are refunded, sent ones stay', async () => {
    assert.equal(
      (await s.admin(`/admin/accounts/${s.userId}/topups`, { body: { amount: '5000' } })).status,
      200,
    )
    const phones = Array.from({ length: 30_000 }, (_, i) => ({
      phone: `+4917077${String(i).padStart(5, '0')}`,
    }))
    const g = await group({}, [])
    for (let i = 0; i < phones.length; i += 10_000) {
      const b = await s.request(`/groups/${g}/phones/batch`, {
        token: s.token,
        body: phones.slice(i, i + 10_000),
      })
      assert.equal(b.status, 201, b.text)
    }
    const before = await balance()
    const bulk = await createBulk({ msg_groups: [g], delivery_at: s.clock.nowS() + 3600 })
    await waitFor('expansion under way', async () => {
      const n = await s.ctx.deps.db
        .selectFrom('sms')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('bulk_id', '=', bulk.uuid)
        .executeTakeFirstOrThrow()
      return Number(n.n) > 0
    })
    // As if the dispatcher had sent the first two already.
    await sql`update sms set state = 'sent', is_sent = 1, status_code = 100 where uuid in (
      select uuid from sms where bulk_id = ${bulk.uuid} order by uuid limit 2)`.execute(
      s.ctx.deps.db,
    )
    const c = await s.request(`/bulks/${bulk.uuid}/cancel`, { token: s.token, method: 'PUT' })
    assert.equal(c.status, 200, c.text)
    assert.equal(c.body.status_code, 410)
    assert.equal(c.body.text, undefined, 'the short form')
    const rows = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['state', 'status_code'])
      .where('bulk_id', '=', bulk.uuid)
      .execute()
    assert.equal(rows.filter((r) => r.state === 'sent').length, 2, 'sent ones stay')
    assert.ok(
      rows
        .filter((r) => r.state !== 'sent')
        .every((r) => r.state === 'cancelled' && r.status_code === 410),
    )
    await new Promise((r) => setTimeout(r, 200))
    const after = await s.ctx.deps.db
      .selectFrom('sms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bulk_id', '=', bulk.uuid)
      .executeTakeFirstOrThrow()
    assert.equal(Number(after.n), rows.length, 'no SMS made after the cancel')
    assert.ok(rows.length < 30_000, `cancelled before the end (${rows.length} made)`)
    assert.equal(
      Math.round((before - (await balance())) * 1000),
      150,
      'only the two sent remain charged',
    )
    const again = await s.request(`/bulks/${bulk.uuid}/cancel`, { token: s.token, method: 'PUT' })
    assert.equal(again.status, 409)
  })

  it('deletes a bulk with its SMS', async () => {
    const before = await balance()
    const bulk = await createBulk({
      phones: ['+491708888001', '+491708888002'],
      delivery_at: s.clock.nowS() + 3600,
    })
    await done(bulk.uuid)
    const d = await s.request(`/bulks/${bulk.uuid}`, { token: s.token, method: 'DELETE' })
    assert.equal(d.status, 204)
    assert.equal((await s.request(`/bulks/${bulk.uuid}`, { token: s.token })).status, 404)
    assert.equal((await smsOf(bulk.uuid)).length, 0)
    assert.equal(await balance(), before, 'nothing was sent, everything refunded')
    assert.equal(
      (await s.request(`/bulks/${bulk.uuid}`, { token: s.token, method: 'DELETE' })).status,
      404,
    )
  })

  it('a dryrun is priced and kept, with no SMS and no charge', async () => {
    const before = await balance()
    const r = await s.request('/bulks/dryrun', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'ж'.repeat(71),
        phones: ['+491709999001', '+436641234567'],
      },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.is_dryrun, true)
    assert.equal(r.body.status_code, 100)
    assert.equal(r.body.msg_total_count, 2)
    assert.equal(r.body.msg_total_cost, 0.3, 'two UCS-2 parts each')
    assert.equal(await balance(), before)
    assert.equal((await smsOf(r.body.uuid)).length, 0)
    const listed = await s.request('/bulks?is_dryrun=true', { token: s.token })
    assert.ok(listed.body['hydra:member'].every((b: any) => b.is_dryrun === true))
    assert.ok(listed.body['hydra:member'].some((b: any) => b.uuid === r.body.uuid))
    const cancel = await s.request(`/bulks/${r.body.uuid}/cancel`, {
      token: s.token,
      method: 'PUT',
    })
    assert.equal(cancel.status, 409)
  })

  it('lists with filters and shows the short status', async () => {
    const a = await createBulk({ phones: ['+491701010101'], is_unicode: true })
    const b = await createBulk({ phones: ['+491701010102'] })
    const unicode = await s.request('/bulks?is_unicode=true', { token: s.token })
    assert.ok(unicode.body['hydra:member'].some((x: any) => x.uuid === a.uuid))
    assert.ok(!unicode.body['hydra:member'].some((x: any) => x.uuid === b.uuid))
    const auto = await s.request('/bulks?exists[is_unicode]=0', { token: s.token })
    assert.ok(auto.body['hydra:member'].some((x: any) => x.uuid === b.uuid))
    assert.ok(!auto.body['hydra:member'].some((x: any) => x.uuid === a.uuid))
    const byKey = await s.request(`/bulks?key_id=${a.key_id}`, { token: s.token })
    assert.ok(byKey.body['hydra:totalItems'] >= 2)
    const newestFirst = await s.request('/bulks', { token: s.token })
    const created = newestFirst.body['hydra:member'].map((x: any) => x.created_at)
    assert.deepEqual(
      created,
      [...created].sort((x: number, y: number) => y - x),
    )
    const status = await s.request(`/bulks/${a.uuid}/status`, { token: s.token })
    assert.equal(status.status, 200)
    assert.equal(status.body.uuid, a.uuid)
    assert.equal(status.body.text, undefined)
    assert.equal(status.body.phones, undefined)
    const other = await s.createAccount()
    assert.equal((await s.request(`/bulks/${a.uuid}`, { token: other.token })).status, 404)
    assert.equal((await s.request('/bulks/not-a-uuid', { token: s.token })).status, 404)
  })
})
