import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { EXACT_PRICING_UP_TO } from '../../src/services/bulks/create-bulk.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

// Prices: the default price list of a new database, 0.075 per part. The rule these tests hold
// the gateway to is domain/bulk/recipient-rule.ts: each number once, from its first entry
// (groups in the order given, then the bulk's own list); the create response counts and prices
// exactly what is made.

describe('bulk recipients from phones and groups', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { bulks: { idleMs: 20 } })
  })
  after(() => s.close())

  const balanceMilli = async () =>
    Math.round(((await s.request('/me', { token: s.token })).body.balance_amount as number) * 1000)
  const group = async (body: object, phones: object[]) => {
    const g = await s.request('/groups', { token: s.token, body: { name: 'Kunden', ...body } })
    assert.equal(g.status, 201, g.text)
    const b = await s.request(`/groups/${g.body.id}/phones/batch`, { token: s.token, body: phones })
    assert.equal(b.status, 201, b.text)
    return g.body.id as number
  }
  const made = (uuid: string) =>
    waitFor(`bulk ${uuid} made`, async () => {
      const b = (await s.request(`/bulks/${uuid}`, { token: s.token })).body
      return b.status_code === 100 ? b : undefined
    })
  const smsByPhone = async (uuid: string) => {
    const r = await s.request(`/sms?bulk=${uuid}`, { token: s.token })
    assert.equal(r.status, 200, r.text)
    return Object.fromEntries((r.body['hydra:member'] as any[]).map((m) => [m.phone, m]))
  }
  const scheduled = () => s.clock.nowS() + 3600

  it('a number in phones and in a group keeps the group’s fields; phones-only numbers get empty placeholders', async () => {
    const g = await group({ name_a: 'Vorname' }, [
      { phone: '+491705050001', a: 'Anna', callback_data: 'cb-anna' },
      { phone: '+491705050002', a: 'Ben', callback_data: 'cb-ben' },
    ])
    const before = await balanceMilli()
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Hallo [Vorname]!',
        // The first in its national form: the same number as the group's, once normalised.
        phones: ['01705050001', '+491705050003', '+491705050004'],
        msg_groups: [g],
        delivery_at: scheduled(),
      },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.msg_total_count, 4, 'the number in both is counted once')
    assert.equal(r.body.msg_total_cost, 0.3)
    assert.equal(before - (await balanceMilli()), 300, 'reserved: what will be made')

    const bulk = await made(r.body.uuid)
    assert.equal(bulk.msg_total_count, 4)
    assert.equal(bulk.msg_total_cost, 0.3)
    const sms = await smsByPhone(bulk.uuid)
    assert.deepEqual(Object.keys(sms).sort(), [
      '+491705050001',
      '+491705050002',
      '+491705050003',
      '+491705050004',
    ])
    assert.equal(
      sms['+491705050001'].text,
      'Hallo Anna!',
      'the group entry, not the bare list number',
    )
    assert.equal(sms['+491705050001'].callback_data, 'cb-anna')
    assert.equal(sms['+491705050002'].text, 'Hallo Ben!')
    assert.equal(
      sms['+491705050003'].text,
      'Hallo !',
      'a phones-only number: the placeholder is empty',
    )
    assert.equal(sms['+491705050003'].callback_data, null)
    assert.equal(before - (await balanceMilli()), 300, 'charged what the response said')
  })

  it('counts and prices duplicates across and within groups once, as made (8 entries, 5 numbers)', async () => {
    const g1 = await group({}, [
      { phone: '+491706060001' },
      { phone: '+491706060002' },
      { phone: '+491706060001' },
    ])
    const g2 = await group({}, [{ phone: '+491706060002' }, { phone: '+491706060003' }])
    const before = await balanceMilli()
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Hi',
        phones: ['+491706060003', '+491706060004', '+491706060005'],
        msg_groups: [g1, g2],
        delivery_at: scheduled(),
      },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.msg_total_count, 5)
    assert.equal(r.body.msg_total_cost, 0.375)
    const bulk = await made(r.body.uuid)
    assert.equal(bulk.msg_total_count, 5)
    assert.equal(bulk.msg_total_cost, 0.375)
    assert.equal(Object.keys(await smsByPhone(bulk.uuid)).length, 5)
    assert.equal(before - (await balanceMilli()), 375)
  })

  it('a number in two personalised groups takes the first group’s fields; the price is exact at once', async () => {
    const g1 = await group({ name_a: 'Name' }, [
      { phone: '+491707070001', a: 'x'.repeat(170), callback_data: 'first' },
      { phone: '+491707070002', a: 'Kurz' },
    ])
    const g2 = await group({ name_a: 'Name' }, [
      { phone: '+491707070001', a: 'Zweite', callback_data: 'second' },
    ])
    const dry = await s.request('/bulks/dryrun', {
      token: s.token,
      body: { sender_id: 'Taube', text: 'Hi [Name]', msg_groups: [g1, g2] },
    })
    assert.equal(dry.status, 201, dry.text)
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Hi [Name]',
        msg_groups: [g1, g2],
        delivery_at: scheduled(),
      },
    })
    assert.equal(r.status, 201, r.text)
    // Two parts for the long one, one for the short: 0.225, not a bound of two parts each.
    assert.equal(r.body.msg_total_count, 2)
    assert.equal(r.body.msg_total_cost, 0.225)
    assert.equal(dry.body.msg_total_count, 2)
    assert.equal(dry.body.msg_total_cost, 0.225)
    const bulk = await made(r.body.uuid)
    assert.equal(bulk.msg_total_cost, 0.225)
    const sms = await smsByPhone(bulk.uuid)
    assert.equal(sms['+491707070001'].callback_data, 'first')
    assert.equal(sms['+491707070001'].text, `Hi ${'x'.repeat(170)}`)
  })

  it('beyond the exact-pricing limit a personalised group reserves a bound, with the count exact', async () => {
    assert.equal(
      (await s.admin(`/admin/accounts/${s.userId}/topups`, { body: { amount: '5000' } })).status,
      200,
    )
    const n = EXACT_PRICING_UP_TO + 1
    const phones = Array.from({ length: n }, (_, i) => ({
      phone: `+4916014${String(i).padStart(5, '0')}`,
      a: i === 0 ? 'x'.repeat(170) : 'y',
    }))
    // The same number twice: one recipient.
    phones.push({ phone: phones[1]!.phone, a: 'z' })
    const g = await group({ name_a: 'Name' }, phones.slice(0, 10_000))
    const rest = await s.request(`/groups/${g}/phones/batch`, {
      token: s.token,
      body: phones.slice(10_000),
    })
    assert.equal(rest.status, 201, rest.text)
    const before = await balanceMilli()
    const r = await s.request('/bulks', {
      token: s.token,
      body: { sender_id: 'Taube', text: 'Hi [Name]', msg_groups: [g], delivery_at: scheduled() },
    })
    assert.equal(r.status, 201, r.text)
    assert.equal(r.body.msg_total_count, n)
    const exact = 75 * (n - 1) + 150
    // The bound: 170 characters of the costliest kind ("{", two septets each) take three parts.
    assert.equal(Math.round(r.body.msg_total_cost * 1000), 225 * n)
    const bulk = await made(r.body.uuid)
    assert.equal(bulk.msg_total_count, n)
    assert.equal(Math.round(bulk.msg_total_cost * 1000), exact)
    assert.equal(
      before - (await balanceMilli()),
      exact,
      'what the bound held beyond the made SMS is given back',
    )
  })

  it('without groups a bracket names no column: it stays as text, while col_A is empty', async () => {
    const r = await s.request('/bulks', {
      token: s.token,
      body: {
        sender_id: 'Taube',
        text: 'Hallo [Vorname][col_A]',
        phones: ['+491708080001'],
        delivery_at: scheduled(),
      },
    })
    assert.equal(r.status, 201, r.text)
    await made(r.body.uuid)
    assert.equal((await smsByPhone(r.body.uuid))['+491708080001'].text, 'Hallo [Vorname]')
  })
})
