// Fraud checks through the real server: registered pending, scored by the worker (its MX
// lookups answered by a DNS server on 127.0.0.1), the result by GET and by fraud-check.done at
// a real webhook receiver; economy vs pro detail, the filters, prices and refunds, the polling
// limit, tenant isolation and bad input.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { smsRow, testSmsUuid } from '../helpers/sms-row.js'
import { waitFor } from '../helpers/wait-for.js'
import { insertSmsMany } from '../../src/store/repositories/sms.repository.js'
import { startFraudChecks } from '../../src/app/fraud-checks.js'
import { insertFraudCheck } from '../../src/store/repositories/fraud-check.repository.js'

const ZONES = {
  'example.de': ['mx1.example.de'],
  'mailinator.com': ['mx.mailinator.com'],
  'nomail.example': [],
}

const CLEAN = {
  phone: '+491701234567',
  email: 'anna.schmidt@example.de',
  ip: '85.214.132.117',
  address: {
    country_code: 'DE',
    city: 'Berlin',
    postal_code: '10115',
    street: 'Invalidenstraße',
    house_number: '117',
  },
}

describe('fraud checks', () => {
  let s: TestServer
  let dns: DnsServer
  let hooks: Receiver

  before(async () => {
    dns = await startDnsServer(ZONES)
    hooks = await startReceiver()
    s = await startTestServer(
      { webhookAllowPrivate: true, fraudDnsServers: [dns.address], fraudPollPerMinute: 200 },
      { events: { idleMs: 20 }, fraud: { idleMs: 20 } },
    )
    const hook = await s.request('/webhooks', { token: s.token, body: { uri: `${hooks.url}/f` } })
    assert.equal(hook.status, 201, hook.text)
  })
  after(async () => {
    await s.close()
    await Promise.all([hooks.close(), dns.close()])
  })

  const create = async (body: Record<string, unknown>, token = s.token) => {
    const r = await s.request('/fraud-checks', { token, body })
    assert.equal(r.status, 201, r.text)
    return r.body as Record<string, any>
  }
  const done = async (id: string, token = s.token) =>
    waitFor(`fraud check ${id} scored`, async () => {
      const r = await s.request(`/fraud-checks/${id}`, { token })
      assert.equal(r.status, 200, r.text)
      return r.body.status_code === 100 ? (r.body as Record<string, any>) : undefined
    })
  const event = (id: string) =>
    waitFor(`fraud-check.done of ${id}`, () =>
      hooks.json().find((e) => e.name === 'fraud-check.done' && e.data?.id === id),
    )

  it('answers pending at once, scores in the background and tells the webhook', async () => {
    const c = await create({ service_code: 'pro', callback_data: 'order-1', ...CLEAN })
    assert.match(c.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.equal(c['@id'], `/fraud-checks/${c.id}`)
    assert.equal(c['@type'], 'FraudCheck')
    assert.equal(c.status_code, 0)
    assert.equal(c.risk_score, null)
    assert.deepEqual(c.request_phone, { phone: CLEAN.phone }, 'no results yet')
    assert.equal(c.reasons, undefined)
    const scored = await done(c.id)
    assert.equal(scored.risk_score, 0, 'a clean local customer')
    assert.deepEqual(scored.reasons, [])
    const e = await event(c.id)
    assert.equal(e.attempt_total, 1 + s.ctx.config.webhookRetryS.length)
    assert.equal(e.data['@id'], undefined, 'the event carries the object without JSON-LD keys')
    const { '@id': _i, '@type': _t, '@context': _c, ...fields } = scored
    assert.deepEqual(e.data, fields)
    assert.equal(e.data.callback_data, 'order-1')
    assert.ok(dns.asked.includes('example.de'), 'the MX lookup went to the configured server')
  })

  it('shows pro every part and its reasons, economy the score only', async () => {
    const body = {
      phone: '+445612345678',
      email: 'x@mailinator.com',
      ip: '10.0.0.7',
    }
    const pro = await done((await create({ service_code: 'pro', ...body })).id)
    assert.equal(pro.risk_score, 87, 'disposable e-mail, VoIP number, private IP')
    assert.deepEqual(
      pro.reasons.map((r: { code: string }) => r.code),
      ['email_disposable', 'ip_not_public', 'phone_voip'],
    )
    assert.deepEqual(
      [pro.request_phone.valid, pro.request_phone.type, pro.request_phone.region],
      [true, 'voip', 'GB'],
    )
    assert.equal(pro.request_phone.risk_score, 35)
    assert.deepEqual(
      [pro.request_email.disposable, pro.request_email.mx, pro.request_email.risk_score],
      [true, 'found', 60],
    )
    assert.deepEqual(
      [pro.request_ip.range, pro.request_ip.public, pro.request_ip.country],
      ['private', false, null],
    )
    assert.equal(pro.request_address, null)

    const economy = await done((await create({ service_code: 'economy', ...body })).id)
    assert.equal(economy.risk_score, 87)
    assert.equal(economy.reasons, undefined)
    assert.deepEqual(economy.request_phone, { phone: body.phone })
    assert.deepEqual(economy.request_email, { email: body.email })
    assert.deepEqual(economy.request_ip, { ip: body.ip })
    const e = await event(economy.id)
    assert.equal(e.data.risk_score, 87)
    assert.equal(e.data.reasons, undefined, 'economy events carry the score only')
    assert.deepEqual(e.data.request_email, { email: body.email })
  })

  it('scores countries that do not match, and places the IP address', async () => {
    const c = await done(
      (
        await create({
          service_code: 'direct',
          phone: CLEAN.phone,
          ip: '8.8.8.8',
          address: { ...CLEAN.address, country_code: 'fr' },
        })
      ).id,
    )
    assert.equal(c.risk_score, 58)
    assert.deepEqual(c.reasons.map((r: { code: string }) => r.code).sort(), [
      'address_ip_country_mismatch',
      'address_phone_country_mismatch',
      'phone_ip_country_mismatch',
    ])
    assert.deepEqual(
      [c.request_ip.country, c.request_ip.public, c.request_ip.matches_phone_country],
      ['US', true, false],
    )
    assert.deepEqual(
      [c.request_address.country_code, c.request_address.matches_ip_country],
      ['FR', false],
    )
    const berlin = await done((await create({ service_code: 'pro', ip: CLEAN.ip })).id)
    assert.deepEqual(
      [berlin.request_ip.country, berlin.request_ip.city, typeof berlin.request_ip.latitude],
      ['DE', 'Berlin', 'number'],
    )
  })

  it('judges the mail domain by DNS: missing domain, no MX', async () => {
    const missing = await done(
      (await create({ service_code: 'pro', email: 'anna@nowhere.example' })).id,
    )
    assert.equal(missing.request_email.mx, 'no_domain')
    assert.deepEqual(
      missing.reasons.map((r: { code: string }) => r.code),
      ['email_domain_missing'],
    )
    const noMx = await done(
      (await create({ service_code: 'pro', email: 'info@nomail.example' })).id,
    )
    assert.equal(noMx.request_email.mx, 'none')
    assert.equal(noMx.risk_score, 56, 'no MX (45) and a role account (20)')
    const syntax = await done((await create({ service_code: 'pro', email: 'a..b@example.de' })).id)
    assert.deepEqual([syntax.request_email.valid_syntax, syntax.risk_score], [false, 70])
  })

  it("counts what the account's own SMS to the number went through", async () => {
    const phone = '+491705550001'
    await insertSmsMany(
      s.ctx.deps.db,
      ['rejected', 'failed', 'delivered'].map((state, i) =>
        smsRow({
          uuid: testSmsUuid(91_000 + i),
          account_id: s.userId,
          phone,
          state: state as never,
        }),
      ),
    )
    const c = await done((await create({ service_code: 'pro', phone })).id)
    assert.deepEqual(
      [c.request_phone.delivered_count, c.request_phone.failed_count, c.risk_score],
      [1, 2, 30],
    )
    const other = await s.createAccount()
    const theirs = await done(
      (await create({ service_code: 'pro', phone }, other.token)).id,
      other.token,
    )
    assert.equal(theirs.risk_score, 0, "another account's traffic is not counted")
  })

  it('lists with every filter of §13.3, own checks only', async () => {
    const a = await create({
      service_code: 'economy',
      callback_data: 'list-a',
      phone: '+491709000001',
    })
    const b = await create({
      service_code: 'pro',
      callback_data: 'list-b',
      email: 'filter@example.de',
      ip: '203.0.113.50',
    })
    await done(b.id)
    const other = await s.createAccount()
    await create(
      { service_code: 'economy', callback_data: 'list-a', phone: '+491709000001' },
      other.token,
    )
    const ids = async (q: string) => {
      const r = await s.request(`/fraud-checks?${q}`, { token: s.token })
      assert.equal(r.status, 200, r.text)
      return r.body['hydra:member'].map((m: { id: string }) => m.id)
    }
    assert.deepEqual(await ids('callback_data=list-a'), [a.id])
    assert.deepEqual(await ids('callback_data=list'), [], 'exact')
    assert.deepEqual(await ids('request_phone.phone=9000001'), [a.id])
    assert.deepEqual(await ids('request_email.email=FILTER@'), [b.id])
    assert.deepEqual(await ids('request_ip.ip=113.50'), [b.id])
    assert.deepEqual(await ids(`id=${a.id}`), [a.id])
    assert.deepEqual(await ids(`id[]=${a.id}&id[]=${b.id}&_order[created_at]=asc`), [a.id, b.id])
    assert.deepEqual(await ids(`status_code=100&callback_data=list-b`), [b.id])
    assert.deepEqual(await ids(`status_code[]=0&status_code[]=5000&callback_data=list-b`), [])
    const bad = await s.request('/fraud-checks?status_code=done', { token: s.token })
    assert.equal(bad.status, 400)
    assert.match(bad.body['hydra:description'] ?? bad.text, /status_code/)
  })

  it('gives a check up after 3 failed attempts: status 5000, refunded, the event sent', async () => {
    const balance = async () => (await s.request('/me', { token: s.token })).body.balance_amount
    const before = await balance()
    const id = s.ctx.deps.ids.uuid()
    const now = s.clock.nowS()
    // An address without its country (the API never stores one): every attempt fails.
    await insertFraudCheck(s.ctx.deps.db, {
      uuid: id,
      account_id: s.userId,
      service_code: 'pro',
      priority: 1,
      status_code: 0,
      risk_score: null,
      callback_data: 'broken',
      phone: null,
      email: null,
      ip: null,
      address: '{}',
      result: null,
      price_micro: 250_000,
      attempts: 0,
      lease_owner: null,
      lease_expires_at: null,
      created_at: now,
      updated_at: now,
    })
    const attempts = async () =>
      Number(
        (
          await s.ctx.deps.db
            .selectFrom('fraud_checks')
            .select('attempts')
            .where('uuid', '=', id)
            .executeTakeFirstOrThrow()
        ).attempts,
      )
    s.ctx.deps.fraudChecks.notify()
    for (const n of [1, 2]) {
      await waitFor(`attempt ${n}`, async () => (await attempts()) === n)
      const r = await s.request(`/fraud-checks/${id}`, { token: s.token })
      assert.equal(r.body.status_code, 0, 'pending until its attempts are spent')
      // Its lease runs out: another attempt.
      s.clock.advance(61_000)
      s.ctx.deps.fraudChecks.notify()
    }
    const failed = await waitFor('given up', async () => {
      const r = await s.request(`/fraud-checks/${id}`, { token: s.token })
      return r.body.status_code === 5000 ? r.body : undefined
    })
    assert.equal(await attempts(), 3)
    assert.equal(failed.risk_score, null)
    assert.equal(await balance(), Math.round((before + 0.25) * 1e6) / 1e6, 'refunded')
    const e = await event(id)
    assert.deepEqual([e.data.status_code, e.data.callback_data], [5000, 'broken'])
  })

  it("keeps tenants apart: another account's check is an unknown one", async () => {
    const mine = await create({ service_code: 'economy', phone: CLEAN.phone })
    const other = await s.createAccount()
    for (const method of ['GET', 'DELETE'] as const) {
      const r = await s.request(`/fraud-checks/${mine.id}`, { token: other.token, method })
      assert.equal(r.status, 404, `${method}: ${r.text}`)
    }
    const list = await s.request('/fraud-checks', { token: other.token })
    assert.ok(!list.body['hydra:member'].some((m: { id: string }) => m.id === mine.id))
    assert.equal((await s.request(`/fraud-checks/${mine.id}`, { token: s.token })).status, 200)
  })

  it('refuses bad input with 422 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ phone: CLEAN.phone }, 'service_code'],
      [{ service_code: 'premium', phone: CLEAN.phone }, 'service_code'],
      [{ service_code: 'economy' }, 'phone'],
      [{ service_code: 'economy', phone: null, email: null, ip: null, address: null }, 'email'],
      [{ service_code: 'economy', phone: '491701234567' }, 'phone'],
      [{ service_code: 'economy', phone: '+49 170 1234567' }, 'phone'],
      [{ service_code: 'economy', email: 'not-an-address' }, 'email'],
      [{ service_code: 'economy', email: 'anna @example.de' }, 'email'],
      [{ service_code: 'economy', ip: 'strings' }, 'ip'],
      [{ service_code: 'economy', ip: '300.1.2.3' }, 'ip'],
      [{ service_code: 'economy', ip: '127.1' }, 'ip'],
      [{ service_code: 'economy', address: { city: 'Berlin' } }, 'address'],
      [{ service_code: 'economy', address: { country_code: 'DEU' } }, 'address'],
      [
        { service_code: 'economy', phone: CLEAN.phone, callback_data: 'x'.repeat(37) },
        'callback_data',
      ],
    ]
    for (const [body, field] of cases) {
      const r = await s.request('/fraud-checks', { token: s.token, body })
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`)
      const paths: string[] = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath)
      assert.ok(
        paths.some((p) => p === field || p.startsWith(`${field}.`)),
        `${JSON.stringify(body)}: violations ${JSON.stringify(paths)} should name ${field}`,
      )
    }
  })

  it('answers a check polled too often with 429 and Retry-After, until the minute is over', async () => {
    const c = await create({ service_code: 'economy', phone: CLEAN.phone })
    const limit = s.ctx.config.fraudPollPerMinute
    for (let i = 0; i < limit; i++) {
      const r = await s.app.inject({
        url: `/fraud-checks/${c.id}`,
        headers: { 'x-lox24-auth-token': s.token },
      })
      assert.equal(r.statusCode, 200, r.body)
    }
    const r = await s.request(`/fraud-checks/${c.id}`, { token: s.token })
    assert.equal(r.status, 429, r.text)
    assert.equal(r.body.code, 'FRAUD_CHECK_POLLED_TOO_OFTEN')
    assert.ok(Number(r.headers.get('retry-after')) >= 1)
    assert.equal(
      (await s.request('/fraud-checks', { token: s.token })).status,
      200,
      'lists are not limited',
    )
    s.clock.advance(60_001)
    assert.equal((await s.request(`/fraud-checks/${c.id}`, { token: s.token })).status, 200)
  })
})

describe('fraud checks: price, refund and queue order', () => {
  let s: TestServer
  let hooks: Receiver
  before(async () => {
    hooks = await startReceiver()
    // No worker at first: checks stay pending until a test starts it.
    s = await startTestServer(
      { webhookAllowPrivate: true, fraudMxLookup: false },
      { events: { idleMs: 20 } },
    )
  })
  after(async () => {
    await s.close()
    await hooks.close()
  })

  const balance = async (token: string) =>
    (await s.request('/me', { token })).body.balance_amount as number

  it('charges the price of the tariff from the price list, refunds a check deleted while pending', async () => {
    const acc = await s.createAccount({ balance: '1' })
    const prices = await s.admin(`/admin/accounts/${acc.userId}/prices`, {
      method: 'PUT',
      body: [
        { iso2: '*', service_code: 'fraud-check.pro', price: '0.25' },
        { iso2: '*', service_code: 'fraud-check.economy', price: '0.01' },
      ],
    })
    assert.equal(prices.status, 200, prices.text)
    const pro = await s.request('/fraud-checks', {
      token: acc.token,
      body: { service_code: 'pro', phone: CLEAN.phone },
    })
    assert.equal(pro.status, 201, pro.text)
    assert.equal(pro.body.price, 0.25)
    assert.equal(await balance(acc.token), 0.75)
    const economy = await s.request('/fraud-checks', {
      token: acc.token,
      body: { service_code: 'economy', phone: CLEAN.phone },
    })
    assert.equal(economy.body.price, 0.01)
    assert.equal(await balance(acc.token), 0.74)
    const del = await s.request(`/fraud-checks/${pro.body.id}`, {
      token: acc.token,
      method: 'DELETE',
    })
    assert.equal(del.status, 204)
    assert.equal(await balance(acc.token), 0.99, 'refunded')
    assert.equal(
      (await s.request(`/fraud-checks/${pro.body.id}`, { token: acc.token })).status,
      404,
    )
  })

  it('answers 402 when the balance does not cover the check, and stores nothing', async () => {
    const acc = await s.createAccount({ balance: '0' })
    const r = await s.request('/fraud-checks', {
      token: acc.token,
      body: { service_code: 'direct', email: 'anna@example.de' },
    })
    assert.equal(r.status, 402, r.text)
    const list = await s.request('/fraud-checks', { token: acc.token })
    assert.equal(list.body['hydra:totalItems'], 0)
  })

  it('scores direct checks before the others waiting', async () => {
    const hook = await s.request('/webhooks', { token: s.token, body: { uri: `${hooks.url}/q` } })
    assert.equal(hook.status, 201, hook.text)
    const ids: string[] = []
    for (const service_code of ['economy', 'pro', 'economy', 'direct', 'direct']) {
      const r = await s.request('/fraud-checks', {
        token: s.token,
        body: { service_code, phone: CLEAN.phone },
      })
      assert.equal(r.status, 201, r.text)
      ids.push(r.body.id)
    }
    await startFraudChecks(s.ctx, { batchSize: 1, idleMs: 20 })
    await waitFor('all scored', async () => {
      const r = await s.request('/fraud-checks?status_code=100', { token: s.token })
      return r.body['hydra:totalItems'] === ids.length
    })
    // The order the outcomes were recorded in: each batch of one commits its event.
    const rows = await s.ctx.deps.db
      .selectFrom('event_deliveries')
      .select(['id', 'data'])
      .where('name', '=', 'fraud-check.done')
      .orderBy('id')
      .execute()
    const order = rows.map((r) => JSON.parse(r.data).id as string)
    assert.deepEqual(order, [ids[3], ids[4], ids[0], ids[1], ids[2]])
    const e = await waitFor('an event at the receiver', () =>
      hooks.json().find((x) => x.data?.id === ids[3]),
    )
    assert.equal(e.data.service_code, 'direct')
  })
})
