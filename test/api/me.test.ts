import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

const ME_KEYS = [
  '@context',
  '@id',
  '@type',
  'id',
  'currency',
  'balance_changed_at',
  'is_text_deleted',
  'balance_amount',
  'billing_mode',
  'credit_limit',
  'services',
  'groups',
].sort()

describe('GET /me', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const me = async (token: string) => {
    const r = await s.request('/me', { token })
    assert.equal(r.status, 200, r.text)
    return r.body
  }
  const send = (token: string, body: Record<string, unknown> = {}) =>
    s.request('/sms', { token, body: { ...SMS, ...body } })

  it('answers the profile as JSON-LD', async () => {
    const r = await s.request('/me', { token: s.token })
    assert.equal(r.status, 200)
    assert.match(r.headers.get('content-type') ?? '', /^application\/ld\+json/)
    assert.deepEqual(Object.keys(r.body).sort(), ME_KEYS)
    const { services, ...rest } = r.body
    assert.deepEqual(rest, {
      '@context': '/contexts/me',
      '@id': '/me',
      '@type': 'me',
      id: s.userId,
      currency: 'EUR',
      balance_changed_at: s.clock.nowS(),
      is_text_deleted: false,
      balance_amount: 100,
      billing_mode: 'prepaid',
      credit_limit: 0,
      groups: {},
    })
    assert.equal(s.userId, 1234567)
    assert.ok(Array.isArray(services))
    for (const svc of services)
      assert.deepEqual(Object.keys(svc).sort(), ['is_active', 'service_code'])
    assert.deepEqual(services, [
      { service_code: 'direct', is_active: true },
      { service_code: 'economy', is_active: true },
      { service_code: 'pro', is_active: true },
      { service_code: 'text2speech', is_active: false },
    ])
  })

  it("shows the caller's own account", async () => {
    const other = await s.createAccount({
      name: 'Other',
      currency: 'CHF',
      balance: '12.34',
      is_text_deleted: true,
      services: ['economy', 'text2speech'],
    })
    const body = await me(other.token)
    assert.equal(body.id, other.userId)
    assert.notEqual(body.id, s.userId)
    assert.equal(body.currency, 'CHF')
    assert.equal(body.balance_amount, 12.34)
    assert.equal(body.is_text_deleted, true)
    assert.deepEqual(
      body.services
        .filter((x: { is_active: boolean }) => x.is_active)
        .map((x: { service_code: string }) => x.service_code),
      ['economy', 'text2speech'],
    )
  })

  it("lists the caller's live groups as id → name, and no other account's", async () => {
    const acc = await s.createAccount({ name: 'With groups' })
    const other = await s.createAccount({ name: 'Neighbour' })
    assert.deepEqual((await me(acc.token)).groups, {}, 'no groups: an empty object')
    const made = async (token: string, body: Record<string, unknown>) => {
      const r = await s.request('/groups', { token, body })
      assert.equal(r.status, 201, r.text)
      return r.body.id as number
    }
    const a = await made(acc.token, { name: 'Kunden' })
    const b = await made(acc.token, { name: 'Lieferanten' })
    const theirs = await made(other.token, { name: 'Fremd' })
    assert.deepEqual((await me(acc.token)).groups, { [a]: 'Kunden', [b]: 'Lieferanten' })
    assert.deepEqual((await me(other.token)).groups, { [theirs]: 'Fremd' })

    const del = await s.request(`/groups/${b}`, { token: acc.token, method: 'DELETE' })
    assert.ok(del.status < 300, del.text)
    assert.deepEqual((await me(acc.token)).groups, { [a]: 'Kunden' }, 'a deleted group is gone')
  })

  it('reflects operator changes at once', async () => {
    const acc = await s.createAccount({ name: 'Changing', balance: '1' })
    await s.admin(`/admin/accounts/${acc.userId}`, {
      method: 'PATCH',
      body: { services: ['pro'], is_text_deleted: true },
    })
    await s.admin(`/admin/accounts/${acc.userId}/topups`, { body: { amount: '2.5' } })
    const body = await me(acc.token)
    assert.equal(body.balance_amount, 3.5)
    assert.equal(body.is_text_deleted, true)
    assert.deepEqual(
      body.services.map((x: { service_code: string; is_active: boolean }) => [
        x.service_code,
        x.is_active,
      ]),
      [
        ['direct', false],
        ['economy', false],
        ['pro', true],
        ['text2speech', false],
      ],
    )
  })

  it('drops balance_amount by exactly the price of a sent SMS', async () => {
    const acc = await s.createAccount({ name: 'Prepaid', balance: '100' })
    assert.equal((await me(acc.token)).balance_amount, 100)
    s.clock.advance(42_000)
    const one = await send(acc.token)
    assert.equal(one.status, 201, one.text)
    assert.equal(one.body.price, 0.075)
    const after1 = await me(acc.token)
    assert.equal(after1.balance_amount, 99.925)
    assert.equal(
      after1.balance_changed_at,
      s.clock.nowS(),
      'balance_changed_at moves with the charge',
    )

    const two = await send(acc.token, { text: 'b'.repeat(200) })
    assert.equal(two.body.parts_count, 2)
    assert.equal(two.body.price, 0.15)
    assert.equal((await me(acc.token)).balance_amount, 99.775)

    for (let i = 0; i < 10; i++) assert.equal((await send(acc.token)).status, 201)
    assert.equal(
      (await me(acc.token)).balance_amount,
      99.025,
      'ten more at 0.075 without float drift',
    )
  })

  it('refuses a prepaid send beyond the balance with 402 and charges nothing', async () => {
    const acc = await s.createAccount({ name: 'Almost empty', balance: '0.1' })
    assert.equal((await send(acc.token)).status, 201)
    assert.equal((await me(acc.token)).balance_amount, 0.025)
    const r = await send(acc.token)
    assert.equal(r.status, 402, r.text)
    assert.equal(r.body.code, 'INSUFFICIENT_FUNDS')
    assert.equal((await me(acc.token)).balance_amount, 0.025)
    const list = await s.request('/sms', { token: acc.token })
    assert.equal(list.body['hydra:totalItems'], 1, 'the refused SMS is not stored')
  })

  describe('postpaid', () => {
    it('shows the credit line as balance_amount, less after a send', async () => {
      const acc = await s.createAccount({
        billing_mode: 'postpaid',
        credit_limit: '20',
        balance: '0',
      })
      const before = await me(acc.token)
      assert.equal(before.balance_amount, 20)
      assert.equal(before.billing_mode, 'postpaid')
      assert.equal(before.credit_limit, 20)
      const r = await send(acc.token)
      assert.equal(r.status, 201, r.text)
      assert.equal((await me(acc.token)).balance_amount, 19.925)
      assert.equal((await s.admin(`/admin/accounts/${acc.userId}`)).body.balance, -0.075)
    })

    it('sends beyond a zero balance up to the credit limit, then answers 402', async () => {
      const acc = await s.createAccount({
        billing_mode: 'postpaid',
        credit_limit: '20',
        balance: '0',
      })
      const put = await s.admin(`/admin/accounts/${acc.userId}/prices`, {
        method: 'PUT',
        body: [{ iso2: 'DE', price: '5' }],
      })
      assert.equal(put.status, 200, put.text)
      assert.equal((await me(acc.token)).balance_amount, 20)

      const remaining = []
      for (let i = 0; i < 4; i++) {
        const r = await send(acc.token)
        assert.equal(r.status, 201, r.text)
        assert.equal(r.body.price, 5)
        remaining.push((await me(acc.token)).balance_amount)
      }
      assert.deepEqual(remaining, [15, 10, 5, 0])
      assert.equal((await s.admin(`/admin/accounts/${acc.userId}`)).body.balance, -20)

      const refused = await send(acc.token)
      assert.equal(refused.status, 402, refused.text)
      assert.equal(refused.body.code, 'INSUFFICIENT_FUNDS')
      assert.equal((await me(acc.token)).balance_amount, 0, 'nothing charged for the refused SMS')
      assert.equal((await s.admin(`/admin/accounts/${acc.userId}`)).body.balance, -20)

      await s.admin(`/admin/accounts/${acc.userId}/topups`, { body: { amount: '5' } })
      assert.equal((await me(acc.token)).balance_amount, 5, 'a payment frees credit again')
      assert.equal((await send(acc.token)).status, 201)
    })

    it('refuses a message that would cross the limit even when some credit is left', async () => {
      const acc = await s.createAccount({
        billing_mode: 'postpaid',
        credit_limit: '8',
        balance: '0',
      })
      await s.admin(`/admin/accounts/${acc.userId}/prices`, {
        method: 'PUT',
        body: [{ iso2: 'DE', price: '5' }],
      })
      assert.equal((await send(acc.token)).status, 201)
      assert.equal((await me(acc.token)).balance_amount, 3)
      assert.equal((await send(acc.token)).status, 402)
      assert.equal((await me(acc.token)).balance_amount, 3)
    })
  })

  it('needs credentials', async () => {
    const r = await s.request('/me', { headers: { 'X-Forwarded-For': '10.40.0.1' } })
    assert.equal(r.status, 401)
    assert.equal(r.body.code, 'UNAUTHENTICATED')
  })
})
