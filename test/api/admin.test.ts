import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { HttpResponse } from '../helpers/http.js'
import { ADMIN_TOKEN, SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

const DEFAULT_PRICES = [{ iso2: '*', service_code: '*', price: 0.075 }]
/** 161 GSM characters: two parts of a concatenated SMS. */
const TWO_PART_TEXT = 'a'.repeat(161)

let ipCounter = 0
function freshIp(): string {
  ipCounter++
  return `10.30.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`
}

function assertError(r: HttpResponse, status: number, code: string): void {
  assert.equal(r.status, status, r.text)
  assert.equal(r.body.code, code, r.text)
  assert.equal(typeof r.body['hydra:description'], 'string')
}

/** A 422 whose violations name `field` (or an element of it). */
function assertViolation(r: HttpResponse, field: string): void {
  assert.equal(r.status, 422, r.text)
  assert.equal(r.body['@type'], 'ConstraintViolationList')
  assert.equal(r.body.code, 'VALIDATION_FAILED')
  const paths: string[] = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath)
  assert.ok(
    paths.some((p) => p === field || p.startsWith(`${field}[`) || p.startsWith(`${field}.`)),
    `violations ${JSON.stringify(paths)} should name ${field}`,
  )
}

describe('operator API', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const balanceOf = async (token: string): Promise<number> => {
    const me = await s.request('/me', { token })
    assert.equal(me.status, 200, me.text)
    return me.body.balance_amount
  }

  describe('authentication', () => {
    const cases: [string, Record<string, string>][] = [
      ['no Authorization header', {}],
      ['a wrong bearer token', { Authorization: 'Bearer wrong-token-0123456789' }],
      ['the admin token with a suffix', { Authorization: `Bearer ${ADMIN_TOKEN}x` }],
      ['an empty bearer token', { Authorization: 'Bearer ' }],
      ['the admin token without "Bearer"', { Authorization: ADMIN_TOKEN }],
      [
        'Basic auth',
        { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
      ],
      [
        'customer credentials',
        { 'X-LOX24-AUTH-TOKEN': '1234567:e3f3a759b6677959b6ebfc0123456789' },
      ],
    ]
    for (const [name, headers] of cases) {
      it(`${name} → 401`, async () => {
        const r = await s.request('/admin/accounts', {
          headers: { 'X-Forwarded-For': freshIp(), ...headers },
        })
        assertError(r, 401, 'UNAUTHENTICATED')
      })
    }

    it('rejects a bad bearer on a write and changes nothing', async () => {
      const r = await s.request('/admin/accounts', {
        body: { id: 5550001, name: 'Sneaky', country: 'DE' },
        headers: { 'X-Forwarded-For': freshIp(), Authorization: 'Bearer nope-nope-nope-nope' },
      })
      assertError(r, 401, 'UNAUTHENTICATED')
      assertError(await s.admin('/admin/accounts/5550001'), 404, 'ACCOUNT_NOT_FOUND')
    })

    it('counts failures towards the IP block', async () => {
      const ip = freshIp()
      const wrong = { 'X-Forwarded-For': ip, Authorization: 'Bearer wrong-token-0123456789' }
      const statuses = []
      for (let i = 0; i < 4; i++)
        statuses.push((await s.request('/admin/accounts', { headers: wrong })).status)
      assert.deepEqual(statuses, [401, 401, 401, 401])
      const blocked = await s.admin('/admin/accounts', { headers: { 'X-Forwarded-For': ip } })
      assertError(blocked, 429, 'IP_BLOCKED')
      assert.ok(Number(blocked.headers.get('Retry-After')) > 0)
      const me = await s.request('/me', { token: s.token, headers: { 'X-Forwarded-For': ip } })
      assert.equal(me.status, 200, 'the operator API has a block of its own')
      assert.equal(
        (await s.admin('/admin/accounts', { headers: { 'X-Forwarded-For': freshIp() } })).status,
        200,
      )
    })

    it('keeps its failure count apart from the customer API', async () => {
      const ip = freshIp()
      const wrongAdmin = { 'X-Forwarded-For': ip, Authorization: 'Bearer wrong-token-0123456789' }
      const wrongCustomer = { 'X-Forwarded-For': ip, 'X-LOX24-AUTH-TOKEN': '1234567:nope' }
      assert.equal((await s.request('/admin/accounts', { headers: wrongAdmin })).status, 401)
      assert.equal((await s.request('/me', { headers: wrongCustomer })).status, 401)
      assert.equal((await s.request('/admin/accounts', { headers: wrongAdmin })).status, 401)
      assert.equal((await s.request('/me', { headers: wrongCustomer })).status, 401)
      assert.equal(
        (await s.admin('/admin/accounts', { headers: { 'X-Forwarded-For': ip } })).status,
        200,
        'two failures on each API block neither',
      )
    })
  })

  describe('accounts', () => {
    it('creates an account with defaults: EUR, prepaid, direct/economy/pro', async () => {
      const r = await s.admin('/admin/accounts', { body: { name: 'Acme', country: 'DE' } })
      assert.equal(r.status, 201, r.text)
      const a = r.body
      assert.ok(Number.isInteger(a.id) && a.id >= 1_000_000 && a.id <= 9_999_999, `id ${a.id}`)
      assert.deepEqual(
        { ...a, id: 0 },
        {
          id: 0,
          name: 'Acme',
          country: 'DE',
          currency: 'EUR',
          billing_mode: 'prepaid',
          balance: 0,
          credit_limit: 0,
          is_text_deleted: false,
          services: ['direct', 'economy', 'pro'],
          status: 'active',
          balance_changed_at: s.clock.nowS(),
          created_at: s.clock.nowS(),
          push_url: null,
          voice_lang: null,
        },
      )
      const got = await s.admin(`/admin/accounts/${a.id}`)
      assert.equal(got.status, 200)
      assert.deepEqual(got.body, a)
    })

    it('takes every field given', async () => {
      const body = {
        id: 4200001,
        name: 'Full',
        country: null,
        currency: 'CHF',
        billing_mode: 'postpaid',
        balance: '12.5',
        credit_limit: 100,
        is_text_deleted: true,
        services: ['direct', 'text2speech'],
        voice_lang: 'FR',
      }
      const r = await s.admin('/admin/accounts', { body })
      assert.equal(r.status, 201, r.text)
      assert.deepEqual(
        { ...r.body, created_at: 0, balance_changed_at: 0 },
        {
          ...body,
          balance: 12.5,
          status: 'active',
          created_at: 0,
          balance_changed_at: 0,
          push_url: null,
        },
      )
    })

    it('answers 409 for an existing id', async () => {
      const first = await s.admin('/admin/accounts', {
        body: { id: 4200002, name: 'One', country: 'DE' },
      })
      assert.equal(first.status, 201)
      for (const id of [4200002, s.userId]) {
        const again = await s.admin('/admin/accounts', { body: { id, name: 'Two', country: 'AT' } })
        assertError(again, 409, 'ACCOUNT_EXISTS')
      }
      const kept = await s.admin('/admin/accounts/4200002')
      assert.equal(kept.body.name, 'One', 'the first account is unchanged')
    })

    const invalid: [string, Record<string, unknown>, string][] = [
      ['country "Germany"', { country: 'Germany' }, 'country'],
      ['country in lower case', { country: 'de' }, 'country'],
      ['balance "ten"', { balance: 'ten' }, 'balance'],
      ['balance with 7 fraction digits', { balance: '1.0000001' }, 'balance'],
      [
        'a prepaid account with a credit limit',
        { billing_mode: 'prepaid', credit_limit: '5' },
        'credit_limit',
      ],
      ['a default (prepaid) account with a credit limit', { credit_limit: 5 }, 'credit_limit'],
      ['no name', { name: undefined }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['no country', { country: undefined }, 'country'],
      ['currency "euro"', { currency: 'euro' }, 'currency'],
      ['billing_mode "monthly"', { billing_mode: 'monthly' }, 'billing_mode'],
      ['an unknown service', { services: ['sms'] }, 'services'],
      ['id 0', { id: 0 }, 'id'],
    ]
    for (const [name, patch, field] of invalid) {
      it(`answers 422 naming ${field} for ${name}`, async () => {
        const before = (await s.admin('/admin/accounts')).body.accounts.length
        const r = await s.admin('/admin/accounts', {
          body: { name: 'Bad', country: 'DE', ...patch },
        })
        assertViolation(r, field)
        assert.equal(
          (await s.admin('/admin/accounts')).body.accounts.length,
          before,
          'nothing created',
        )
      })
    }

    it('lists accounts, the demo account among them', async () => {
      const created = await s.admin('/admin/accounts', { body: { name: 'Listed', country: 'FR' } })
      const r = await s.admin('/admin/accounts')
      assert.equal(r.status, 200)
      const ids = r.body.accounts.map((a: { id: number }) => a.id)
      assert.ok(ids.includes(s.userId), 'demo account listed')
      assert.deepEqual(
        r.body.accounts.find((a: { id: number }) => a.id === created.body.id),
        created.body,
      )
      const demo = r.body.accounts.find((a: { id: number }) => a.id === s.userId)
      assert.equal(demo.name, 'Demo account')
      assert.equal(demo.country, 'DE')
    })

    it('answers 404 for an unknown account and 400 for a malformed id', async () => {
      assertError(await s.admin('/admin/accounts/999999'), 404, 'ACCOUNT_NOT_FOUND')
      assertError(await s.admin('/admin/accounts/abc'), 400, 'INVALID_PATH_PARAMETER')
    })

    it('patches an account and keeps the rest', async () => {
      const a = (
        await s.admin('/admin/accounts', { body: { name: 'Before', country: 'DE', balance: 7 } })
      ).body
      const r = await s.admin(`/admin/accounts/${a.id}`, {
        method: 'PATCH',
        body: { name: 'After', country: 'AT', services: ['direct'], is_text_deleted: true },
      })
      assert.equal(r.status, 200, r.text)
      assert.deepEqual(r.body, {
        ...a,
        name: 'After',
        country: 'AT',
        services: ['direct'],
        is_text_deleted: true,
      })
      assert.deepEqual((await s.admin(`/admin/accounts/${a.id}`)).body, r.body)
    })

    it('patches the billing mode; back to prepaid drops the credit line', async () => {
      const a = (await s.admin('/admin/accounts', { body: { name: 'Mode', country: 'DE' } })).body
      const post = await s.admin(`/admin/accounts/${a.id}`, {
        method: 'PATCH',
        body: { billing_mode: 'postpaid', credit_limit: '30.5' },
      })
      assert.equal(post.status, 200, post.text)
      assert.equal(post.body.billing_mode, 'postpaid')
      assert.equal(post.body.credit_limit, 30.5)
      const pre = await s.admin(`/admin/accounts/${a.id}`, {
        method: 'PATCH',
        body: { billing_mode: 'prepaid' },
      })
      assert.equal(pre.body.billing_mode, 'prepaid')
      assert.equal(pre.body.credit_limit, 0)
    })

    const badPatches: [Record<string, unknown>, string][] = [
      [{ country: 'Germany' }, 'country'],
      [{ status: 'deleted' }, 'status'],
      [{ credit_limit: 'lots' }, 'credit_limit'],
      [{ services: ['direct', 'direct'] }, 'services'],
    ]
    for (const [body, field] of badPatches) {
      it(`answers 422 naming ${field} for PATCH ${JSON.stringify(body)}`, async () => {
        assertViolation(
          await s.admin(`/admin/accounts/${s.userId}`, { method: 'PATCH', body }),
          field,
        )
      })
    }

    it('answers 404 when patching an unknown account', async () => {
      const r = await s.admin('/admin/accounts/999999', { method: 'PATCH', body: { name: 'x' } })
      assertError(r, 404, 'ACCOUNT_NOT_FOUND')
    })
  })

  describe('top-ups', () => {
    const sums: [string, (string | number)[], number][] = [
      ['10.1 + 0.2', [10.1, 0.2], 10.3],
      ['"0.1" + "0.2"', ['0.1', '0.2'], 0.3],
      ['0.000001 three times', [0.000001, '0.000001', 0.000001], 0.000003],
      ['a negative top-up takes money', ['20', '-7.25'], 12.75],
    ]
    for (const [name, amounts, total] of sums) {
      it(`adds exactly: ${name} → ${total}`, async () => {
        const acc = await s.createAccount({ name: 'Top-up', balance: '0' })
        for (const amount of amounts) {
          const r = await s.admin(`/admin/accounts/${acc.userId}/topups`, { body: { amount } })
          assert.equal(r.status, 200, r.text)
        }
        assert.equal((await s.admin(`/admin/accounts/${acc.userId}`)).body.balance, total)
        assert.equal(await balanceOf(acc.token), total)
      })
    }

    it('moves balance_changed_at with every top-up', async () => {
      const acc = await s.createAccount({ name: 'Changed at', balance: '0' })
      const created = (await s.admin(`/admin/accounts/${acc.userId}`)).body.balance_changed_at
      s.clock.advance(90_000)
      const first = await s.admin(`/admin/accounts/${acc.userId}/topups`, {
        body: { amount: 10.1 },
      })
      assert.equal(first.body.balance, 10.1)
      assert.equal(first.body.balance_changed_at, s.clock.nowS())
      assert.equal(first.body.balance_changed_at, created + 90)
      s.clock.advance(30_000)
      const second = await s.admin(`/admin/accounts/${acc.userId}/topups`, {
        body: { amount: 0.2 },
      })
      assert.equal(second.body.balance, 10.3)
      assert.equal(second.body.balance_changed_at, created + 120)
      const me = await s.request('/me', { token: acc.token })
      assert.equal(me.body.balance_changed_at, created + 120)
    })

    const badAmounts: unknown[] = [0, '0', 'ten', '1.0000001', null, true]
    for (const amount of badAmounts) {
      it(`422 naming amount for ${JSON.stringify(amount)}, balance unchanged`, async () => {
        const acc = await s.createAccount({ name: 'Bad top-up', balance: '5' })
        assertViolation(
          await s.admin(`/admin/accounts/${acc.userId}/topups`, { body: { amount } }),
          'amount',
        )
        assert.equal((await s.admin(`/admin/accounts/${acc.userId}`)).body.balance, 5)
      })
    }

    it('answers 404 for an unknown account', async () => {
      const r = await s.admin('/admin/accounts/999999/topups', { body: { amount: 1 } })
      assertError(r, 404, 'ACCOUNT_NOT_FOUND')
    })
  })

  describe('API keys', () => {
    it('creates a key whose token is shown once and whose auth_header works', async () => {
      const acc = (await s.admin('/admin/accounts', { body: { name: 'Keys', country: 'DE' } })).body
      const r = await s.admin(`/admin/accounts/${acc.id}/keys`, { body: { name: 'shop' } })
      assert.equal(r.status, 201, r.text)
      const k = r.body
      assert.match(k.token, /^[A-Za-z0-9]{32}$/)
      assert.equal(k.auth_header, `${acc.id}:${k.token}`)
      assert.equal(k.account_id, acc.id)
      assert.equal(k.name, 'shop')
      assert.equal(k.type, 'v2')
      assert.equal(k.is_active, true)
      assert.equal(k.ip_allowlist, null)
      assert.equal(k.token_hint, `${k.token.slice(0, 4)}…`)

      const me = await s.request('/me', { token: k.auth_header })
      assert.equal(me.status, 200, me.text)
      assert.equal(me.body.id, acc.id)

      const second = await s.admin(`/admin/accounts/${acc.id}/keys`, { body: {} })
      assert.equal(second.status, 201)
      assert.notEqual(second.body.token, k.token)
      assert.notEqual(second.body.id, k.id)
      assert.equal((await s.request('/me', { token: second.body.auth_header })).status, 200)
    })

    it('lists keys with a hint but never the token', async () => {
      const acc = await s.createAccount({ name: 'Listed keys' })
      const extra = await s.admin(`/admin/accounts/${acc.userId}/keys`, {
        body: { name: 'second' },
      })
      await s.request('/me', {
        token: extra.body.auth_header,
        headers: { 'X-Forwarded-For': '198.51.100.23' },
      })
      const r = await s.admin(`/admin/accounts/${acc.userId}/keys`)
      assert.equal(r.status, 200)
      assert.equal(r.body.keys.length, 2)
      for (const secret of [acc.token.split(':')[1]!, extra.body.token]) {
        assert.ok(!r.text.includes(secret), 'no token in the list')
      }
      for (const k of r.body.keys) {
        assert.equal('token' in k, false)
        assert.equal('auth_header' in k, false)
        assert.match(k.token_hint, /^[a-z0-9]{4}…$/)
      }
      const listed = r.body.keys.find((k: { id: number }) => k.id === extra.body.id)
      assert.equal(listed.token_hint, extra.body.token_hint)
      assert.equal(listed.last_used_ip, '198.51.100.23')
      assert.equal(listed.last_used_at, s.clock.nowS())
    })

    it('deactivates and reactivates a key', async () => {
      const acc = await s.createAccount({ name: 'Toggle' })
      const keyId = (await s.admin(`/admin/accounts/${acc.userId}/keys`)).body.keys[0].id
      const off = await s.admin(`/admin/keys/${keyId}`, {
        method: 'PATCH',
        body: { is_active: false },
      })
      assert.equal(off.status, 200, off.text)
      assert.equal(off.body.is_active, false)
      assert.equal('token' in off.body, false)
      assert.equal(
        (await s.admin(`/admin/accounts/${acc.userId}/keys`)).body.keys[0].is_active,
        false,
      )
      assertError(await s.request('/me', { token: acc.token }), 403, 'KEY_INACTIVE')
      const on = await s.admin(`/admin/keys/${keyId}`, {
        method: 'PATCH',
        body: { is_active: true },
      })
      assert.equal(on.body.is_active, true)
      assert.equal((await s.request('/me', { token: acc.token })).status, 200)
    })

    it('deletes a key: its token is refused at once, a second delete is 404', async () => {
      const acc = await s.createAccount({ name: 'Deleted key' })
      const keyId = (await s.admin(`/admin/accounts/${acc.userId}/keys`)).body.keys[0].id
      assert.equal((await s.request('/me', { token: acc.token })).status, 200)
      const r = await s.admin(`/admin/keys/${keyId}`, { method: 'DELETE' })
      assert.equal(r.status, 204, r.text)
      assert.deepEqual((await s.admin(`/admin/accounts/${acc.userId}/keys`)).body.keys, [])
      assertError(
        await s.request('/me', { token: acc.token, headers: { 'X-Forwarded-For': freshIp() } }),
        401,
        'UNAUTHENTICATED',
      )
      assertError(await s.admin(`/admin/keys/${keyId}`, { method: 'DELETE' }), 404, 'KEY_NOT_FOUND')
      assertError(
        await s.admin('/admin/keys/abc', { method: 'DELETE' }),
        400,
        'INVALID_PATH_PARAMETER',
      )
    })

    it('creates a key with an IP allow-list and a type', async () => {
      const r = await s.admin(`/admin/accounts/${s.userId}/keys`, {
        body: { type: 'kannel', ip_allowlist: ['203.0.113.0/24', '2001:db8::/32'] },
      })
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.type, 'kannel')
      assert.deepEqual(r.body.ip_allowlist, ['203.0.113.0/24', '2001:db8::/32'])
    })

    const badKeys: [Record<string, unknown>, string][] = [
      [{ ip_allowlist: ['not-an-ip'] }, 'ip_allowlist'],
      [{ ip_allowlist: ['10.0.0.0/33'] }, 'ip_allowlist'],
      [{ type: 'v1' }, 'type'],
      [{ name: '' }, 'name'],
    ]
    for (const [body, field] of badKeys) {
      it(`answers 422 naming ${field} for key ${JSON.stringify(body)}`, async () => {
        assertViolation(await s.admin(`/admin/accounts/${s.userId}/keys`, { body }), field)
      })
    }

    it('answers 404 for keys of an unknown account and for an unknown key', async () => {
      assertError(
        await s.admin('/admin/accounts/999999/keys', { body: {} }),
        404,
        'ACCOUNT_NOT_FOUND',
      )
      assertError(await s.admin('/admin/accounts/999999/keys'), 404, 'ACCOUNT_NOT_FOUND')
      const r = await s.admin('/admin/keys/999999', { method: 'PATCH', body: { is_active: false } })
      assertError(r, 404, 'KEY_NOT_FOUND')
    })
  })

  describe('price lists', () => {
    const send = (token: string, body: Record<string, unknown> = {}) =>
      s.request('/sms', { token, body: { ...SMS, ...body } })

    it('has a default list with one catch-all entry', async () => {
      const r = await s.admin('/admin/prices')
      assert.equal(r.status, 200)
      assert.deepEqual(r.body, { prices: DEFAULT_PRICES })
    })

    it('replaces the default list', async () => {
      try {
        const list = [
          { iso2: '*', service_code: '*', price: 0.09 },
          { iso2: 'DE', service_code: 'economy', price: 0.02 },
        ]
        const put = await s.admin('/admin/prices', { method: 'PUT', body: list })
        assert.equal(put.status, 200, put.text)
        const sortKey = (p: { iso2: string; service_code: string }) => `${p.iso2}/${p.service_code}`
        const sorted = (ps: typeof list) =>
          [...ps].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
        assert.deepEqual(sorted(put.body.prices), sorted(list))
        assert.deepEqual(sorted((await s.admin('/admin/prices')).body.prices), sorted(list))
        const acc = await s.createAccount({ name: 'Default list' })
        assert.equal((await send(acc.token)).body.price, 0.09)
        assert.equal((await send(acc.token, { service_code: 'economy' })).body.price, 0.02)
      } finally {
        await s.admin('/admin/prices', { method: 'PUT', body: DEFAULT_PRICES })
      }
    })

    it("gets and replaces an account's list", async () => {
      const acc = await s.createAccount({ name: 'Own list' })
      assert.deepEqual((await s.admin(`/admin/accounts/${acc.userId}/prices`)).body, { prices: [] })
      const put = await s.admin(`/admin/accounts/${acc.userId}/prices`, {
        method: 'PUT',
        body: [{ iso2: 'DE', price: '0.05' }],
      })
      assert.equal(put.status, 200, put.text)
      const expected = { prices: [{ iso2: 'DE', service_code: '*', price: 0.05 }] }
      assert.deepEqual(put.body, expected)
      assert.deepEqual((await s.admin(`/admin/accounts/${acc.userId}/prices`)).body, expected)
      const again = await s.admin(`/admin/accounts/${acc.userId}/prices`, {
        method: 'PUT',
        body: [],
      })
      assert.deepEqual(again.body, { prices: [] }, 'PUT replaces the whole list')
      assert.deepEqual(
        (await s.admin('/admin/prices')).body,
        { prices: DEFAULT_PRICES },
        'default untouched',
      )
    })

    it('prices a message at parts × the account price, and charges that', async () => {
      const acc = await s.createAccount({ name: 'Priced', balance: '50' })
      await s.admin(`/admin/accounts/${acc.userId}/prices`, {
        method: 'PUT',
        body: [
          { iso2: 'DE', price: '0.05' },
          { iso2: 'DE', service_code: 'economy', price: '0.011' },
        ],
      })
      const two = await send(acc.token, { text: TWO_PART_TEXT })
      assert.equal(two.status, 201, two.text)
      assert.equal(two.body.parts_count, 2)
      assert.equal(two.body.price, 0.1)
      assert.equal(await balanceOf(acc.token), 49.9)

      const economy = await send(acc.token, { text: TWO_PART_TEXT, service_code: 'economy' })
      assert.equal(economy.body.price, 0.022, 'the service-specific entry wins')
      assert.equal(await balanceOf(acc.token), 49.878)

      const france = await send(acc.token, { phone: '+33612345678' })
      assert.equal(france.status, 201, france.text)
      assert.equal(france.body.iso2, 'FR')
      assert.equal(france.body.price, 0.075, 'no account price for FR: the default list applies')
      assert.equal(await balanceOf(acc.token), 49.803)
    })

    it('uses the default list for an account without its own', async () => {
      const acc = await s.createAccount({ name: 'Default priced', balance: '50' })
      const r = await send(acc.token, { text: TWO_PART_TEXT })
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.price, 0.15)
      assert.equal(await balanceOf(acc.token), 49.85)
    })

    it('422 naming phone for a destination without any price, nothing charged', async () => {
      const acc = await s.createAccount({ name: 'Unpriced', balance: '50' })
      try {
        const put = await s.admin('/admin/prices', {
          method: 'PUT',
          body: [{ iso2: 'DE', price: '0.075' }],
        })
        assert.equal(put.status, 200, put.text)
        const r = await send(acc.token, { phone: '+33612345678' })
        assertViolation(r, 'phone')
        assert.equal(await balanceOf(acc.token), 50)
        const list = await s.request('/sms', { token: acc.token })
        assert.equal(list.body['hydra:totalItems'], 0, 'nothing stored')
        assert.equal((await send(acc.token)).status, 201, 'DE is still priced')
      } finally {
        await s.admin('/admin/prices', { method: 'PUT', body: DEFAULT_PRICES })
      }
    })

    const badLists: [string, unknown, string][] = [
      [
        'duplicate entries',
        [
          { iso2: 'DE', price: 1 },
          { iso2: 'DE', service_code: '*', price: 2 },
        ],
        '[1]',
      ],
      [
        'duplicate service entries',
        [
          { iso2: '*', service_code: 'direct', price: 1 },
          { iso2: '*', service_code: 'direct', price: 1 },
        ],
        '[1]',
      ],
      ['iso2 "Germany"', [{ iso2: 'Germany', price: 1 }], '[0].iso2'],
      ['a negative price', [{ iso2: 'DE', price: -1 }], '[0].price'],
      ['a price "abc"', [{ iso2: 'DE', price: 'abc' }], '[0].price'],
      ['an unknown service', [{ iso2: 'DE', service_code: 'sms', price: 1 }], '[0].service_code'],
      ['no price', [{ iso2: 'DE' }], '[0].price'],
    ]
    for (const [name, body, path] of badLists) {
      for (const url of ['/admin/prices', '/admin/accounts/:id/prices']) {
        it(`PUT ${url} with ${name} → 422 at ${path}, list unchanged`, async () => {
          const target = url.replace(':id', String(s.userId))
          const before = (await s.admin(target)).body
          const r = await s.admin(target, { method: 'PUT', body })
          assert.equal(r.status, 422, r.text)
          assert.equal(r.body.code, 'VALIDATION_FAILED')
          const paths = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath)
          assert.ok(
            paths.includes(path),
            `violations ${JSON.stringify(paths)} should include ${path}`,
          )
          assert.deepEqual((await s.admin(target)).body, before)
        })
      }
    }

    it('answers 404 for the price list of an unknown account', async () => {
      assertError(await s.admin('/admin/accounts/999999/prices'), 404, 'ACCOUNT_NOT_FOUND')
      const put = await s.admin('/admin/accounts/999999/prices', { method: 'PUT', body: [] })
      assertError(put, 404, 'ACCOUNT_NOT_FOUND')
    })
  })
})

describe('operator API without TAUBE_ADMIN_TOKEN', () => {
  let s: TestServer

  before(async () => {
    s = await startTestServer({ adminToken: undefined })
  })
  after(() => s.close())

  const requests: [string, Record<string, string>][] = [
    ['with the usual bearer', { Authorization: `Bearer ${ADMIN_TOKEN}` }],
    ['without a bearer', {}],
  ]
  for (const [name, headers] of requests) {
    it(`answers 403 ADMIN_DISABLED ${name}`, async () => {
      assert.equal(s.ctx.config.adminToken, undefined)
      for (const path of ['/admin/accounts', `/admin/accounts/${s.userId}`, '/admin/prices']) {
        assertError(await s.request(path, { headers }), 403, 'ADMIN_DISABLED')
      }
      const create = await s.request('/admin/accounts', {
        headers,
        body: { name: 'x', country: 'DE' },
      })
      assertError(create, 403, 'ADMIN_DISABLED')
    })
  }

  it('still serves the customer API', async () => {
    const me = await s.request('/me', { token: s.token })
    assert.equal(me.status, 200)
    assert.equal(me.body.id, s.userId)
  })
})
