import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

// Input that makes no sense is refused with a catalogue error naming the field, wherever it
// enters; on SQLite, and on PostgreSQL with TAUBE_TEST_DATABASE=postgres.
describe('bad input is refused', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  type Violation = { propertyPath: string; message: string; code?: string }
  const violations = (body: { violations?: Violation[] }) => body.violations ?? []
  const paths = (body: { violations?: Violation[] }) => violations(body).map((v) => v.propertyPath)
  const newGroup = async () => {
    const r = await s.request('/groups', { token: s.token, body: { name: 'Bad input' } })
    assert.equal(r.status, 201, r.text)
    return r.body.id as number
  }
  const count = async (g: number) =>
    (await s.request(`/groups/${g}`, { token: s.token })).body.count_items
  const uploadCsv = async (
    g: number,
    content: string,
    type = 'multipart/form-data; boundary=x',
  ) => {
    const body =
      '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n' +
      content +
      '\r\n--x--\r\n'
    return s.request(`/groups/${g}/phones/csv`, {
      token: s.token,
      method: 'POST',
      rawBody: body,
      headers: { 'Content-Type': type },
    })
  }

  describe('phone numbers: one rule for every stored number', () => {
    // Each: the input, and the code of its refusal.
    const BAD: [string, string][] = [
      ['+4917', 'INVALID_LENGTH'],
      ['+999999999999999', 'UNKNOWN_CALLING_CODE'],
      ['-491701234567', 'INVALID_FORMAT'],
    ]

    it('POST /sms refuses them', async () => {
      for (const [phone, code] of BAD) {
        const r = await s.request('/sms', { token: s.token, body: { ...SMS, phone } })
        assert.equal(r.status, 422, `${phone}: ${r.text}`)
        assert.deepEqual(
          violations(r.body).map((v) => [v.propertyPath, v.code]),
          [['phone', code]],
          phone,
        )
      }
    })

    it('a group phone, a batch, a new group and a bulk refuse them; nothing is stored', async () => {
      const g = await newGroup()
      for (const [phone, code] of BAD) {
        const one = await s.request(`/groups/${g}/phones`, { token: s.token, body: { phone } })
        assert.equal(one.status, 422, `${phone}: ${one.text}`)
        assert.deepEqual(
          violations(one.body).map((v) => [v.propertyPath, v.code]),
          [['phone', code]],
        )
      }
      const batch = await s.request(`/groups/${g}/phones/batch`, {
        token: s.token,
        body: [...BAD.map(([phone]) => ({ phone })), { phone: '+491701234567' }],
      })
      assert.equal(batch.status, 201, batch.text)
      assert.equal(batch.body['hydra:totalItems'], 1)
      assert.deepEqual(
        batch.body.errors.map((e: Violation) => [e.propertyPath, e.code]),
        BAD.map(([, code], i) => [`[${i}].phone`, code]),
      )
      const created = await s.request('/groups', {
        token: s.token,
        body: { name: 'With phones', phones: BAD.map(([phone]) => ({ phone })) },
      })
      assert.equal(created.status, 422, created.text)
      assert.deepEqual(paths(created.body), [
        'phones[0].phone',
        'phones[1].phone',
        'phones[2].phone',
      ])
      const bulk = await s.request('/bulks', {
        token: s.token,
        body: { sender_id: 'Taube', text: 'Hi', phones: BAD.map(([phone]) => phone) },
      })
      assert.equal(bulk.status, 422, bulk.text)
      assert.deepEqual(
        violations(bulk.body).map((v) => [v.propertyPath, v.code]),
        BAD.map(([, code], i) => [`phones[${i}]`, code]),
      )
      assert.equal(await count(g), 1)
    })

    it('CSV import reports each such row with its line and stores the rest', async () => {
      const g = await newGroup()
      const r = await uploadCsv(
        g,
        `phone,a\r\n${BAD.map(([p]) => `${p},x`).join('\r\n')}\r\n+491701234567,ok\r\n`,
      )
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body['hydra:totalItems'], 1)
      assert.deepEqual(
        r.body.errors.map((e: Violation & { line: number }) => [e.propertyPath, e.line, e.code]),
        BAD.map(([, code], i) => [`[${i}].phone`, i + 2, code]),
      )
      assert.equal(await count(g), 1)
    })
  })

  describe('operator input', () => {
    it('POST /admin/accounts refuses a negative balance or credit line', async () => {
      const cases: [object, string][] = [
        [{ balance: -5 }, 'balance'],
        [{ balance: '-0.000001' }, 'balance'],
        [{ billing_mode: 'postpaid', credit_limit: '-100' }, 'credit_limit'],
      ]
      for (const [body, field] of cases) {
        const r = await s.admin('/admin/accounts', {
          body: { name: 'Neg', country: 'DE', ...body },
        })
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`)
        assert.deepEqual(violations(r.body), [
          { propertyPath: field, message: 'must not be negative' },
        ])
      }
      const a = await s.createAccount({ billing_mode: 'postpaid', credit_limit: '10' })
      const patch = await s.admin(`/admin/accounts/${a.userId}`, {
        method: 'PATCH',
        body: { credit_limit: -1 },
      })
      assert.equal(patch.status, 422, patch.text)
      assert.deepEqual(paths(patch.body), ['credit_limit'])
    })

    it('a route for a service code that does not exist is refused', async () => {
      const connectors = (await s.admin('/admin/connectors')).body.connectors as { id: string }[]
      const r = await s.admin('/admin/routes', {
        body: { service_code: 'pigeon', connector_ids: [connectors[0]!.id] },
      })
      assert.equal(r.status, 422, r.text)
      assert.deepEqual(paths(r.body), ['service_code'])
      const ok = await s.admin('/admin/routes', {
        body: { service_code: 'economy', connector_ids: [connectors[0]!.id] },
      })
      assert.equal(ok.status, 201, ok.text)
    })

    it('PUT /admin/prices [] is refused unless ?confirm=empty; the list stays as it was', async () => {
      const before = (await s.admin('/admin/prices')).body.prices
      assert.ok(before.length > 0)
      const r = await s.admin('/admin/prices', { method: 'PUT', body: [] })
      assert.equal(r.status, 422, r.text)
      assert.equal(violations(r.body)[0]!.code, 'EMPTY_DEFAULT_PRICE_LIST')
      assert.match(violations(r.body)[0]!.message, /\?confirm=empty/)
      assert.deepEqual((await s.admin('/admin/prices')).body.prices, before)
      assert.equal(
        (await s.request('/sms', { token: s.token, body: SMS })).status,
        201,
        'sends still priced',
      )

      assert.equal(
        (await s.admin('/admin/prices?confirm=yes', { method: 'PUT', body: [] })).status,
        400,
      )
      const account = await s.createAccount()
      const own = await s.admin(`/admin/accounts/${account.userId}/prices`, {
        method: 'PUT',
        body: [],
      })
      assert.equal(own.status, 200, "an account's own list may be empty: the default applies")

      const emptied = await s.admin('/admin/prices?confirm=empty', { method: 'PUT', body: [] })
      assert.equal(emptied.status, 200, emptied.text)
      assert.deepEqual((await s.admin('/admin/prices')).body.prices, [])
      assert.equal((await s.admin('/admin/prices', { method: 'PUT', body: before })).status, 200)
    })
  })

  describe('charset of the body', () => {
    const send = (contentType: string, body: object = SMS) =>
      s.request('/sms', {
        token: s.token,
        method: 'POST',
        rawBody: JSON.stringify(body),
        headers: { 'Content-Type': contentType },
      })

    it('answers 415 for JSON in any charset but UTF-8', async () => {
      for (const type of [
        'application/json; charset=utf-16',
        'application/json;charset=ISO-8859-1',
        'application/json; charset="latin1"',
        'application/ld+json; CHARSET=windows-1252',
      ]) {
        const r = await send(type)
        assert.equal(r.status, 415, `${type}: ${r.text}`)
        assert.equal(r.body.code, 'UNSUPPORTED_CHARSET')
        assert.match(
          r.body['hydra:description'],
          /^Unsupported charset "[a-z0-9-]+" in Content-Type; send the body as UTF-8$/,
        )
        assert.ok(r.headers.get('x-lox24-request-id'))
      }
    })

    it('does not mind the charset of a request without a body', async () => {
      const r = await s.request('/me', {
        token: s.token,
        headers: { 'Content-Type': 'application/json; charset=latin1' },
      })
      assert.equal(r.status, 200, r.text)
    })

    it('takes UTF-8 however it is written, and no charset at all', async () => {
      for (const type of [
        'application/json',
        'application/json; charset=utf-8',
        'application/json; charset=UTF8',
        'application/json; charset="UTF-8"',
        'application/json ; Charset = utf-8',
      ]) {
        const r = await send(type)
        assert.equal(r.status, 201, `${type}: ${r.text}`)
      }
    })

    it('answers 415 for a multipart upload that names another charset', async () => {
      const g = await newGroup()
      const r = await uploadCsv(
        g,
        'phone\r\n+491701234567\r\n',
        'multipart/form-data; charset=iso-8859-1; boundary=x',
      )
      assert.equal(r.status, 415, r.text)
      assert.equal(r.body.code, 'UNSUPPORTED_CHARSET')
      const ok = await uploadCsv(
        g,
        'phone\r\n+491701234567\r\n',
        'multipart/form-data; boundary="x"; charset=utf-8',
      )
      assert.equal(ok.status, 201, ok.text)
    })
  })

  describe('control characters, unpaired surrogates and bidi overrides in text fields', () => {
    // JSON escapes, so that the bytes on the wire are plain ASCII as a client would send them.
    const raw = (path: string, json: string) =>
      s.request(path, {
        token: s.token,
        method: 'POST',
        rawBody: json,
        headers: { 'Content-Type': 'application/json' },
      })
    const smsJson = (fields: string) => `{"sender_id":"Taube","phone":"+491701234567",${fields}}`
    const refusedAt = (
      r: { status: number; text: string; body: any },
      field: string,
      what: RegExp,
    ) => {
      assert.equal(r.status, 422, r.text)
      const v = violations(r.body).find((x) => x.propertyPath === field)
      assert.ok(v, `${field} named: ${r.text}`)
      assert.match(v.message, what)
    }

    it('SMS text: NUL, an unpaired surrogate and the overrides U+202D/U+202E are refused', async () => {
      for (const text of [
        '"a\\u0000b"',
        '"a\\ud800b"',
        '"\\udc00"',
        '"ok \\ud83d"',
        '"moc.\\u202eknab"',
        '"\\u202dx"',
      ]) {
        refusedAt(
          await raw('/sms', smsJson(`"text":${text}`)),
          'text',
          /NUL, unpaired surrogates or the bidi overrides/,
        )
      }
    })

    it('SMS text: right-to-left writing with marks, embeddings and isolates is sent', async () => {
      const text =
        '"\\u0645\\u0631\\u062d\\u0628\\u0627 \\u200f\\u202b123\\u202c \\u2067abc\\u2069 \\ud83d\\ude00"'
      const r = await raw('/sms', smsJson(`"text":${text}`))
      assert.equal(r.status, 201, r.text)
      assert.equal(r.body.text, 'مرحبا \u200f\u202b123\u202c \u2067abc\u2069 😀')
    })

    it('callback_data, group names, webhook URLs and account names refuse every bidi and control character', async () => {
      refusedAt(
        await raw('/sms', smsJson('"text":"Hi","callback_data":"id\\u2066x"')),
        'callback_data',
        /bidi controls/,
      )
      refusedAt(
        await raw('/sms', smsJson('"text":"Hi","callback_data":"a\\nb"')),
        'callback_data',
        /control characters/,
      )
      refusedAt(await raw('/groups', '{"name":"Kunden\\u202e"}'), 'name', /bidi controls/)
      refusedAt(
        await raw('/groups', '{"name":"ok","name_a":"Vor\\u0000name"}'),
        'name_a',
        /control characters/,
      )
      refusedAt(
        await raw('/webhooks', '{"uri":"https://example.com/\\u202ehook"}'),
        'uri',
        /bidi controls/,
      )
      refusedAt(
        await raw('/bulks', '{"sender_id":"Taube","text":"a\\u0000","phones":["+491701234567"]}'),
        'text',
        /NUL/,
      )
      const account = await s.admin('/admin/accounts', {
        method: 'POST',
        rawBody: '{"name":"Evil\\u202eCorp","country":"DE"}',
        headers: { 'Content-Type': 'application/json' },
      })
      refusedAt(account, 'name', /bidi controls/)
    })

    it('phone columns are checked item by item, in a batch and in a CSV import', async () => {
      const g = await newGroup()
      const batch = await raw(
        `/groups/${g}/phones/batch`,
        '[{"phone":"+491701234501","a":"x\\u0000"},{"phone":"+491701234502","callback_data":"\\u202ecb"},' +
          '{"phone":"+491701234503","a":"\\u0627\\u0644\\u0633\\u0644\\u0627\\u0645 \\u200f"}]',
      )
      assert.equal(batch.status, 201, batch.text)
      assert.equal(batch.body['hydra:totalItems'], 1)
      assert.deepEqual(
        batch.body.errors.map((e: Violation) => e.propertyPath),
        ['[0].a', '[1].callback_data'],
      )
      const csv = await uploadCsv(
        g,
        'phone,a,callback_data\r\n+491701234504,Anna,\u202ecb\r\n+491701234505,Bob,cb\r\n',
      )
      assert.equal(csv.status, 201, csv.text)
      assert.equal(csv.body['hydra:totalItems'], 1)
      assert.deepEqual(
        csv.body.errors.map((e: Violation & { line: number }) => [e.propertyPath, e.line]),
        [['[0].callback_data', 2]],
      )
      assert.equal(await count(g), 2)
    })
  })
})
