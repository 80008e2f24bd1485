import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

const SMS_FIELDS = [
  '@context',
  '@id',
  '@type',
  'text',
  'sender_id',
  'phone',
  'delivery_at',
  'status_code',
  'gateway_sent_at',
  'source',
  'dlr_code',
  'ip',
  'created_at',
  'is_unicode',
  'uuid',
  'iso2',
  'voice_lang',
  'parts_count',
  'chars_count',
  'callback_data',
  'bulk_id',
  'key_id',
  'service_code',
  'is_text_deleted',
  'price',
  'is_sent',
  'requests',
  'clicks',
  // Beyond the spec's 28: the finer reason behind status_code (decisions.md).
  'status_reason',
].sort()

describe('POST /sms', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const balance = async (token = s.token) =>
    (await s.request('/me', { token })).body.balance_amount as number

  it('accepts a message with every field and answers the full SMS object', async () => {
    const before = await balance()
    const r = await s.request('/sms', {
      token: s.token,
      body: {
        text: 'Hallo! Das ist eine Test-SMS.',
        sender_id: '+491701234567',
        phone: '+14155552671',
        delivery_at: 0,
        source: 42,
        is_unicode: null,
        callback_data: 'abc-123',
        service_code: 'economy',
        is_text_deleted: false,
      },
    })
    assert.equal(r.status, 201)
    assert.match(r.headers.get('content-type')!, /^application\/ld\+json/)
    assert.deepEqual(Object.keys(r.body).sort(), SMS_FIELDS)
    const sms = r.body
    assert.match(sms.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.equal(sms['@id'], `/sms/${sms.uuid}`)
    assert.equal(sms['@type'], 'sms')
    assert.equal(sms['@context'], '/contexts/sms')
    assert.equal(sms.requests, `/sms/${sms.uuid}/requests`)
    assert.equal(sms.clicks, `/sms/${sms.uuid}/clicks`)
    assert.deepEqual(
      {
        phone: sms.phone,
        iso2: sms.iso2,
        status_code: sms.status_code,
        dlr_code: sms.dlr_code,
        is_sent: sms.is_sent,
        gateway_sent_at: sms.gateway_sent_at,
        chars_count: sms.chars_count,
        parts_count: sms.parts_count,
        is_unicode: sms.is_unicode,
        source: sms.source,
        callback_data: sms.callback_data,
        service_code: sms.service_code,
        key_id: sms.key_id,
        ip: sms.ip,
        created_at: sms.created_at,
        delivery_at: sms.delivery_at,
        price: sms.price,
        bulk_id: sms.bulk_id,
        voice_lang: sms.voice_lang,
        is_text_deleted: sms.is_text_deleted,
      },
      {
        phone: '+14155552671',
        iso2: 'US',
        status_code: 0,
        dlr_code: 0,
        is_sent: false,
        gateway_sent_at: 0,
        chars_count: 29,
        parts_count: 1,
        is_unicode: false,
        source: 42,
        callback_data: 'abc-123',
        service_code: 'economy',
        key_id: 1,
        ip: '127.0.0.1',
        created_at: s.clock.nowS(),
        delivery_at: 0,
        price: 0.075,
        bulk_id: null,
        voice_lang: null,
        is_text_deleted: false,
      },
    )
    assert.equal(await balance(), before - 0.075)
    const got = await s.request(`/sms/${sms.uuid}`, { token: s.token })
    assert.equal(got.status, 200)
    assert.deepEqual(got.body, sms)
  })

  const normalisation: [string, string, string][] = [
    ['national number, account in DE', '0170 1234567', '+491701234567'],
    ['00 prefix', '0041791234567', '+41791234567'],
    ['digits without +', '436641234567', '+436641234567'],
    ['separators', '+49 (170) 123-45/67', '+491701234567'],
  ]
  for (const [name, input, e164] of normalisation) {
    it(`normalises the phone: ${name}`, async () => {
      const r = await s.request('/sms', { token: s.token, body: { ...SMS, phone: input } })
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.phone, e164)
    })
  }

  it('counts and prices concatenated and Unicode messages', async () => {
    const cases: [string, boolean | null, boolean, number, number][] = [
      ['a'.repeat(160), null, false, 160, 1],
      ['a'.repeat(161), null, false, 161, 2],
      ['€'.repeat(80), null, false, 160, 1],
      ['Grüße 😀', null, true, 8, 1],
      ['ж'.repeat(71), null, true, 71, 2],
      ['plain', true, true, 5, 1],
    ]
    for (const [text, isUnicode, unicode, chars, parts] of cases) {
      const r = await s.request('/sms', {
        token: s.token,
        body: { ...SMS, text, is_unicode: isUnicode },
      })
      assert.equal(r.status, 201, r.text)
      assert.deepEqual(
        [r.body.is_unicode, r.body.chars_count, r.body.parts_count, r.body.price],
        [unicode, chars, parts, Number((0.075 * parts).toFixed(6))],
        text,
      )
    }
  })

  it('maps lookalikes when GSM is forced and rejects what GSM cannot carry', async () => {
    const ok = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, text: '“Ça va” – oui', is_unicode: false },
    })
    assert.equal(ok.status, 201, ok.text)
    assert.equal(ok.body.text, '"Ça va" - oui')
    assert.equal(ok.body.is_unicode, false)
    const bad = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, text: 'hi 😀', is_unicode: false },
    })
    assert.equal(bad.status, 422)
    assert.equal(bad.body.violations[0].propertyPath, 'text')
    assert.match(bad.body.violations[0].message, /😀/)
  })

  it('answers 422 listing every violated field', async () => {
    const before = await balance()
    const r = await s.request('/sms', {
      token: s.token,
      body: {
        text: 'x'.repeat(1531),
        sender_id: 'Much too long sender',
        phone: 'call me',
        callback_data: 'c'.repeat(37),
        delivery_at: 'tomorrow',
        is_unicode: 'yes',
      },
    })
    assert.equal(r.status, 422)
    assert.equal(r.body['@type'], 'ConstraintViolationList')
    assert.equal(r.body.code, 'VALIDATION_FAILED')
    const fields = r.body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort()
    assert.deepEqual(fields, ['callback_data', 'delivery_at', 'is_unicode', 'sender_id'])
    for (const v of r.body.violations) assert.ok(v.message.length > 5, JSON.stringify(v))
    assert.match(r.body['hydra:description'], /sender_id: /)
    // The service-level checks run once the schema passes, and also list every field.
    const r2 = await s.request('/sms', {
      token: s.token,
      body: {
        text: 'x'.repeat(1531),
        sender_id: 'Taube',
        phone: 'call me',
        service_code: 'text2speech',
        delivery_at: s.clock.nowS() + 400 * 86400,
      },
    })
    assert.equal(r2.status, 422)
    assert.deepEqual(
      r2.body.violations.map((v: { propertyPath: string }) => v.propertyPath).sort(),
      ['delivery_at', 'phone', 'service_code', 'text'],
    )
    const missing = await s.request('/sms', { token: s.token, body: { text: 'hi' } })
    assert.equal(missing.status, 422)
    assert.deepEqual(
      missing.body.violations
        .map((v: { propertyPath: string; message: string }) => `${v.propertyPath}: ${v.message}`)
        .sort(),
      ['phone: is required', 'sender_id: is required'],
    )
    assert.equal(await balance(), before, 'nothing charged')
  })

  it('rejects malformed bodies with 400 and other media types with 415', async () => {
    const bad = await s.request('/sms', {
      token: s.token,
      rawBody: '{"text": ',
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.code, 'MALFORMED_JSON')
    const arr = await s.request('/sms', { token: s.token, body: [SMS] })
    assert.equal(arr.status, 400)
    const none = await s.request('/sms', {
      token: s.token,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(none.status, 400)
    const form = await s.request('/sms', {
      token: s.token,
      rawBody: 'text=hi',
      headers: { 'Content-Type': 'text/plain' },
    })
    assert.equal(form.status, 415)
    assert.equal(form.body.code, 'UNSUPPORTED_MEDIA_TYPE')
    const ld = await s.request('/sms', {
      token: s.token,
      body: SMS,
      headers: { 'Content-Type': 'application/ld+json' },
    })
    assert.equal(ld.status, 201)
  })

  it('schedules a future delivery_at and sends past or zero ones now', async () => {
    const now = s.clock.nowS()
    const later = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, delivery_at: now + 3600 },
    })
    assert.equal(later.body.delivery_at, now + 3600)
    const row = await s.ctx.deps.db
      .selectFrom('sms')
      .selectAll()
      .where('uuid', '=', later.body.uuid)
      .executeTakeFirstOrThrow()
    assert.equal(row.state, 'scheduled')
    assert.equal(Number(row.due_at), (now + 3600) * 1000)
    for (const at of [0, null, now - 10]) {
      const r = await s.request('/sms', { token: s.token, body: { ...SMS, delivery_at: at } })
      assert.equal(r.body.delivery_at, 0)
      const q = await s.ctx.deps.db
        .selectFrom('sms')
        .select('state')
        .where('uuid', '=', r.body.uuid)
        .executeTakeFirstOrThrow()
      assert.equal(q.state, 'queued')
    }
  })

  it('takes is_delete_text as an alias and the account default otherwise', async () => {
    const alias = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, is_delete_text: true },
    })
    assert.equal(alias.body.is_text_deleted, true)
    const dflt = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal(dflt.body.is_text_deleted, false)
    await s.admin(`/admin/accounts/${s.userId}`, {
      method: 'PATCH',
      body: { is_text_deleted: true },
    })
    const changed = await s.request('/sms', { token: s.token, body: SMS })
    assert.equal(changed.body.is_text_deleted, true)
    await s.admin(`/admin/accounts/${s.userId}`, {
      method: 'PATCH',
      body: { is_text_deleted: false },
    })
  })

  it('detects the voice language for text2speech once the service is enabled', async () => {
    const off = await s.request('/sms', {
      token: s.token,
      body: { ...SMS, service_code: 'text2speech' },
    })
    assert.equal(off.status, 422)
    assert.match(off.body.violations[0].message, /not enabled/)
    const acct = await s.createAccount({ services: ['direct', 'text2speech'] })
    const de = await s.request('/sms', {
      token: acct.token,
      body: { ...SMS, service_code: 'text2speech' },
    })
    assert.equal(de.body.voice_lang, 'DE')
    const es = await s.request('/sms', {
      token: acct.token,
      body: { ...SMS, phone: '+34612345678', service_code: 'text2speech' },
    })
    assert.equal(es.body.voice_lang, 'ES')
    const fixed = await s.request('/sms', {
      token: acct.token,
      body: { ...SMS, service_code: 'text2speech', voice_lang: 'FR' },
    })
    assert.equal(fixed.body.voice_lang, 'FR')
    const unknown = await s.request('/sms', {
      token: acct.token,
      body: { ...SMS, service_code: 'fax' },
    })
    assert.equal(unknown.status, 422)
  })

  it('answers 402 and stores nothing when the balance does not cover the price', async () => {
    const poor = await s.createAccount({ balance: '0.10' })
    const first = await s.request('/sms', { token: poor.token, body: SMS })
    assert.equal(first.status, 201)
    const second = await s.request('/sms', {
      token: poor.token,
      body: { ...SMS, text: 'a'.repeat(161) },
    })
    assert.equal(second.status, 402)
    assert.equal(second.body.code, 'INSUFFICIENT_FUNDS')
    assert.match(second.body['hydra:description'], /0\.15 EUR, available 0\.025/)
    const list = await s.request('/sms', { token: poor.token })
    assert.equal(list.body['hydra:totalItems'], 1)
    assert.equal(await balance(poor.token), 0.025)
  })

  it('never overdraws under concurrent sends', async () => {
    const acct = await s.createAccount({ balance: '0.75' }) // exactly 10 single-part messages
    const results = await Promise.all(
      Array.from({ length: 25 }, () => s.request('/sms', { token: acct.token, body: SMS })),
    )
    const codes = results.map((r) => r.status)
    assert.equal(codes.filter((c) => c === 201).length, 10)
    assert.equal(codes.filter((c) => c === 402).length, 15)
    assert.equal(await balance(acct.token), 0)
    // Exactly the accepted ones are stored, each as answered.
    const list = await s.request('/sms', { token: acct.token })
    assert.equal(list.body['hydra:totalItems'], 10)
    for (const r of results.filter((x) => x.status === 201)) {
      const got = await s.request(`/sms/${r.body.uuid}`, { token: acct.token })
      assert.equal(got.status, 200)
      assert.equal(got.body.text, SMS.text)
    }
  })

  it('accepts concurrent sends of several accounts, each paying for its own', async () => {
    const a = await s.createAccount({ balance: '0.30' }) // 4 single-part messages
    const b = await s.createAccount({ balance: '1.00' })
    const sends = Array.from({ length: 12 }, (_, i) =>
      s.request('/sms', {
        token: i % 2 === 0 ? a.token : b.token,
        body: { ...SMS, callback_data: `c${i}` },
      }),
    )
    const results = await Promise.all(sends)
    const status = (token: string) =>
      results.filter((_, i) => (i % 2 === 0 ? a.token : b.token) === token).map((r) => r.status)
    assert.deepEqual(status(a.token).sort(), [201, 201, 201, 201, 402, 402])
    assert.deepEqual(status(b.token), [201, 201, 201, 201, 201, 201])
    assert.equal(await balance(a.token), 0)
    assert.equal(await balance(b.token), 0.55)
    assert.equal((await s.request('/sms', { token: a.token })).body['hydra:totalItems'], 4)
    assert.equal((await s.request('/sms', { token: b.token })).body['hydra:totalItems'], 6)
  })

  it('dryrun validates and prices but stores and charges nothing', async () => {
    const before = await balance()
    const count = (await s.request('/sms', { token: s.token })).body['hydra:totalItems']
    const r = await s.request('/sms/dryrun', {
      token: s.token,
      body: { ...SMS, callback_data: 'dry' },
    })
    assert.equal(r.status, 201)
    assert.equal(r.body.uuid, '11111111-2222-3333-4444-555555555555')
    assert.equal(r.body.price, 0.075)
    assert.equal(r.body.callback_data, 'dry')
    assert.equal(r.body.status_code, 0)
    assert.equal((await s.request(`/sms/${r.body.uuid}`, { token: s.token })).status, 404)
    assert.equal((await s.request('/sms', { token: s.token })).body['hydra:totalItems'], count)
    assert.equal(await balance(), before)
    const invalid = await s.request('/sms/dryrun', { token: s.token, body: { ...SMS, phone: 'x' } })
    assert.equal(invalid.status, 422)
  })
})

describe('POST /sms with Idempotency-Key', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const send = (key: string, body: object = SMS) =>
    s.request('/sms', { token: s.token, body, headers: { 'Idempotency-Key': key } })
  const total = async () => (await s.request('/sms', { token: s.token })).body['hydra:totalItems']
  const balance = async () => (await s.request('/me', { token: s.token })).body.balance_amount

  it('answers a retry with the first answer and sends once', async () => {
    const first = await send('order-1')
    assert.equal(first.status, 201)
    assert.equal(first.headers.get('idempotent-replayed'), null)
    const again = await send('order-1', {
      phone: SMS.phone,
      sender_id: SMS.sender_id,
      text: SMS.text,
    })
    assert.equal(again.status, 201)
    assert.equal(again.headers.get('idempotent-replayed'), 'true')
    assert.deepEqual(again.body, first.body)
    assert.equal(await total(), 1)
    assert.equal(await balance(), 100 - 0.075)
  })

  it('answers 422 when the key comes back with another body', async () => {
    const r = await send('order-1', { ...SMS, text: 'different' })
    assert.equal(r.status, 422)
    assert.equal(r.body.code, 'IDEMPOTENCY_KEY_REUSED')
    assert.equal(await total(), 1)
  })

  it('sends once when the same key arrives concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => send('order-2')))
    assert.ok(results.every((r) => r.status === 201))
    assert.equal(new Set(results.map((r) => r.body.uuid)).size, 1)
    assert.equal(await total(), 2)
  })

  it('keeps keys per account and for 24 hours', async () => {
    const other = await s.createAccount()
    const r = await s.request('/sms', {
      token: other.token,
      body: SMS,
      headers: { 'Idempotency-Key': 'order-1' },
    })
    assert.equal(r.status, 201)
    const mine = await send('order-1')
    assert.equal(mine.headers.get('idempotent-replayed'), 'true')
    assert.notEqual(mine.body.uuid, r.body.uuid)
    s.clock.advance(24 * 3600 * 1000 + 1000)
    const later = await send('order-1')
    assert.equal(later.headers.get('idempotent-replayed'), null)
    assert.notEqual(later.body.uuid, mine.body.uuid)
  })

  it('rejects a malformed key', async () => {
    const r = await send('x'.repeat(256))
    assert.equal(r.status, 400)
    assert.match(r.body['hydra:description'], /Idempotency-Key/)
  })
})
