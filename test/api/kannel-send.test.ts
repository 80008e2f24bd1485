// The Kannel HTTP SMSC emulation over real HTTP: what Kannel 1.4.5 sends (smsc_http.c,
// kannel_send_sms) is accepted with its answer, every bad request refused with a 4xx and a short
// plain text, and nothing charged for a refusal.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

type Kannel = { userId: number; password: string }

/** Kannel's %E: every octet outside [A-Za-z0-9] escaped. */
const esc = (b: Buffer | string) =>
  [...(typeof b === 'string' ? Buffer.from(b, 'utf8') : b)]
    .map((c) =>
      /[A-Za-z0-9]/.test(String.fromCharCode(c))
        ? String.fromCharCode(c)
        : '%' + c.toString(16).toUpperCase().padStart(2, '0'),
    )
    .join('')

const query = (p: Record<string, string | Buffer>) =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${esc(v)}`)
    .join('&')

describe('/api/kannel/{service}.php', () => {
  let s: TestServer
  let k: Kannel
  let other: Kannel
  before(async () => {
    s = await startTestServer()
    k = await kannelKey(s.userId)
    const a = await s.createAccount({ balance: '0.01' })
    other = await kannelKey(a.userId)
  })
  after(() => s.close())

  async function kannelKey(accountId: number): Promise<Kannel> {
    const r = await s.admin(`/admin/accounts/${accountId}/keys`, {
      body: { name: 'kannel', type: 'kannel' },
    })
    assert.equal(r.status, 201, r.text)
    return { userId: accountId, password: r.body.token }
  }

  const base = (who: Kannel = k) => ({
    username: String(who.userId),
    password: who.password,
    to: '+491701234567',
    from: 'Taube',
  })
  const get = (params: Record<string, string | Buffer>, service = 'direct') =>
    s.request(`/api/kannel/${service}.php?${query(params)}`)
  const balance = async (token = s.token) =>
    (await s.request('/me', { token })).body.balance_amount as number
  const lastSms = async () => (await s.request('/sms', { token: s.token })).body['hydra:member'][0]

  it('GET as Kannel sends a GSM text: 202, its answer, the message stored', async () => {
    const r = await get({ ...base(), text: 'Hello € Kannel', coding: '0', charset: 'UTF-8' })
    assert.equal(r.status, 202, r.text)
    assert.equal(r.text, '0: Accepted for delivery')
    assert.match(r.headers.get('content-type')!, /^text\/plain/)
    const sms = await lastSms()
    assert.equal(sms.text, 'Hello € Kannel')
    assert.equal(sms.is_unicode, false)
    assert.equal(sms.phone, '+491701234567')
    assert.equal(sms.sender_id, 'Taube')
  })

  it('coding 2: the text in UTF-16BE, sent as UCS-2', async () => {
    const text = Buffer.from('Привет 😀', 'utf16le').swap16()
    const r = await get({ ...base(), text, coding: '2', charset: 'UTF-16BE' })
    assert.equal(r.status, 202, r.text)
    const sms = await lastSms()
    assert.equal(sms.text, 'Привет 😀')
    assert.equal(sms.is_unicode, true)
  })

  it('POST form: the same parameters in the body', async () => {
    const r = await s.request('/api/kannel/economy.php', {
      rawBody: query({ ...base(), text: 'Form body' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(r.status, 202, r.text)
    const sms = await lastSms()
    assert.equal(sms.text, 'Form body')
    assert.equal(sms.service_code, 'economy')
  })

  it('a part with a UDH (8- and 16-bit concatenation): one part each, the UDH kept', async () => {
    const udh8 = Buffer.from('0500030a0201', 'hex')
    const r1 = await get({ ...base(), text: 'a'.repeat(153), udh: udh8, coding: '0' })
    assert.equal(r1.status, 202, r1.text)
    assert.equal((await lastSms()).parts_count, 1)
    const udh16 = Buffer.from('060804abcd0202', 'hex')
    const r2 = await get({ ...base(), text: 'b'.repeat(152), udh: udh16, coding: '0' })
    assert.equal(r2.status, 202, r2.text)
    // One septet more than fits beside the 16-bit header.
    const r3 = await get({ ...base(), text: 'b'.repeat(153), udh: udh16, coding: '0' })
    assert.equal(r3.status, 422)
    assert.match(r3.text, /^text: .*at most 152/)
  })

  it('mclass, validity and deferred (minutes) reach the command', async () => {
    const r = await get({ ...base(), text: 'Later', mclass: '0', validity: '10', deferred: '5' })
    assert.equal(r.status, 202, r.text)
    const sms = await lastSms()
    assert.equal(sms.delivery_at, Math.floor(s.clock.nowMs() / 1000) + 300)
  })

  it('refuses every bad request with a 4xx and a short text, charging nothing', async () => {
    const cases: [string, Record<string, string | Buffer>, string, number, RegExp][] = [
      ['wrong password', { ...base(), password: 'nope', text: 'x' }, 'direct', 401, /credentials/],
      [
        'no username',
        { password: k.password, to: '+491701234567', from: 'T', text: 'x' },
        'direct',
        401,
        /credentials/,
      ],
      [
        'unknown service',
        { ...base(), text: 'x' },
        'nosuch',
        422,
        /^service: unknown service code/,
      ],
      ['bad path', { ...base(), text: 'x' }, 'direct.php.bak', 400, /\{service\}\.php/],
      ['bad number', { ...base(), to: '12', text: 'x' }, 'direct', 422, /^to: /],
      ['no number', { ...base(), to: '', text: 'x' }, 'direct', 422, /^to: is required/],
      [
        'bad sender',
        { ...base(), from: 'Far too long sender', text: 'x' },
        'direct',
        422,
        /^from: /,
      ],
      [
        'bad coding',
        { ...base(), text: 'x', coding: '7' },
        'direct',
        422,
        /^coding: must be an integer from 0 to 2/,
      ],
      ['empty text', { ...base(), text: '' }, 'direct', 422, /^text: must not be empty/],
      [
        'non-GSM with coding 0',
        { ...base(), text: 'Привет', coding: '0' },
        'direct',
        422,
        /^text: contains characters/,
      ],
      [
        'odd UTF-16BE',
        { ...base(), text: Buffer.from('0041ff', 'hex'), coding: '2', charset: 'UTF-16BE' },
        'direct',
        422,
        /^text: is not valid UTF-16BE/,
      ],
      ['bad charset', { ...base(), text: 'x', charset: 'EBCDIC' }, 'direct', 422, /^charset: /],
      [
        'bad udh',
        { ...base(), text: 'x', udh: Buffer.from('0900', 'hex') },
        'direct',
        422,
        /^udh: /,
      ],
      [
        'bad dlr-url',
        { ...base(), text: 'x', 'dlr-mask': '1', 'dlr-url': 'ftp://x' },
        'direct',
        422,
        /^dlr-url: /,
      ],
      ['bad mclass', { ...base(), text: 'x', mclass: '4' }, 'direct', 422, /^mclass: /],
    ]
    const before = await balance()
    for (const [name, params, service, status, text] of cases) {
      const r = await get(params, service)
      assert.equal(r.status, status, `${name}: ${r.status} ${r.text}`)
      assert.match(r.text, text, name)
      assert.match(r.headers.get('content-type')!, /^text\/plain/, name)
    }
    assert.equal(await balance(), before)
  })

  it('a LOX24 v2 key is refused; a kannel key is refused on the LOX24 API', async () => {
    const [, v2token] = s.token.split(':')
    const r = await get({ ...base(), password: v2token!, text: 'x' })
    assert.equal(r.status, 403)
    assert.match(r.text, /type v2 cannot be used here/)
    const lox = await s.request('/me', { token: `${k.userId}:${k.password}` })
    assert.equal(lox.status, 403)
  })

  it("another account's key with this user id is refused; a short balance is 402, not charged", async () => {
    const mixed = await get({
      ...base(),
      username: String(k.userId),
      password: other.password,
      text: 'x',
    })
    assert.equal(mixed.status, 401)
    const poor = await get({ ...base(other), text: 'x'.repeat(600) })
    assert.equal(poor.status, 402, poor.text)
    assert.match(poor.text, /^Insufficient funds/)
  })

  it('a flood of wrong passwords blocks the address, in plain text; other addresses go on', async () => {
    const before = await balance()
    const from = { 'X-Forwarded-For': '203.0.113.50' }
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const r = await s.request(
        `/api/kannel/direct.php?${query({ ...base(), password: `wrong${i}`, text: 'x' })}`,
        { headers: from },
      )
      statuses.push(r.status)
    }
    assert.equal(statuses[0], 401)
    assert.equal(statuses.at(-1), 429, statuses.join(','))
    const right = await s.request(`/api/kannel/direct.php?${query({ ...base(), text: 'x' })}`, {
      headers: from,
    })
    assert.equal(right.status, 429)
    assert.match(right.headers.get('content-type') ?? '', /^text\/plain/)
    assert.match(right.text, /Too many failed authentications/)
    assert.equal(await balance(), before)
    const elsewhere = await get({ ...base(), text: 'From another address' })
    assert.equal(elsewhere.status, 202, elsewhere.text)
  })
})
