// Pushwoosh's createSMSMessage over real HTTP: every field, every argument error in Pushwoosh's
// shape (HTTP 200, status_code 210, the field and why), nothing sent or charged on a refusal,
// and a message the simulator delivers, seen through the LOX24 API with its receipt and through
// the facade with its own code and status.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'
import {
  asApp,
  assertRefused,
  freshPhone,
  pushwoosh,
  pushwooshApp,
  pushwooshPreset,
  type PushwooshApp,
} from '../helpers/pushwoosh.js'

const CODE = /^[0-9A-F]{4}-[0-9A-F]{8}-[0-9A-F]{8}$/
const EMPTY = { Messages: [] }

describe('Pushwoosh API: createSMSMessage', () => {
  let s: TestServer
  let app: PushwooshApp
  let call: ReturnType<typeof asApp>
  before(async () => {
    s = await startTestServer({}, { delivery: true })
    app = await pushwooshApp(s, s.userId, { sender: 'AcmeShop' })
    call = asApp(s, app)
  })
  after(() => s?.close())

  const note = (over: Record<string, unknown> = {}) => ({
    send_date: 'now',
    content: 'Hello!',
    devices: [freshPhone()],
    use_auto_registration: true,
    ...over,
  })
  const send = (...notifications: Record<string, unknown>[]) =>
    call('createSMSMessage', { notifications })
  const rowOf = (code: string) =>
    s.ctx.deps.db.selectFrom('sms').selectAll().where('facade_id', '=', code).executeTakeFirst()
  const balance = async () =>
    Number((await s.request('/me', { token: s.token })).body.balance_amount)
  const messageCount = async () =>
    Number(
      (
        await s.ctx.deps.db
          .selectFrom('sms')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  /** Runs `call`, asserts the argument error, and that nothing was sent or charged. */
  async function refused(
    request: () => Promise<any>,
    message: string | RegExp,
    response: unknown = EMPTY,
  ) {
    const [count, money] = [await messageCount(), await balance()]
    assertRefused(await request(), message, response)
    assert.equal(await messageCount(), count, 'no message stored')
    assert.equal(await balance(), money, 'nothing charged')
  }

  it('sends one SMS, delivered by the simulator: the LOX24 API and the facade show it', async () => {
    const phone = freshPhone()
    const r = await send(note({ devices: [phone], content: 'Your order has shipped' }))
    assert.equal(r.status, 200, r.text)
    assert.match(r.headers.get('content-type')!, /^application\/json/)
    assert.equal(r.body.status_code, 200)
    assert.equal(r.body.status_message, 'OK')
    assert.equal(r.body.response.Messages.length, 1)
    const [code] = r.body.response.Messages
    assert.match(code, CODE)
    const row = (await rowOf(code))!
    assert.equal(row.phone, phone)
    assert.equal(row.sender_id, 'AcmeShop')
    assert.equal(row.text, 'Your order has shipped')

    // The LOX24 API: the same message, delivered, with its receipt.
    const lox24 = await waitFor('the delivery report', async () => {
      const m = await s.request(`/sms/${row.uuid}`, { token: s.token })
      return m.body.dlr_code === 1 ? m.body : undefined
    })
    assert.equal(lox24.phone, phone)
    assert.equal(lox24.status_code, 100)
    const list = await s.request(`/sms?phone=${encodeURIComponent(phone)}`, { token: s.token })
    assert.deepEqual(
      list.body['hydra:member'].map((m: any) => [m.uuid, m.dlr_code]),
      [[row.uuid, 1]],
    )

    // The facade: its own code, its status.
    const details = await call('getMessageDetails', { message: code })
    assert.equal(details.body.status_code, 200, details.text)
    assert.deepEqual(details.body.response.message, {
      code,
      created: '2026-01-15 12:00:00',
      send_date: '2026-01-15 12:00:00',
      status: 'done',
      content: 'Your order has shipped',
      platforms: [18],
      device: phone,
      delivery: { state: 'delivered', status_code: 100, dlr_code: 1, parts: 1, price: 0.075 },
    })
  })

  it('takes the token from the header Authorization: Token …', async () => {
    const r = await pushwoosh(
      s,
      'createSMSMessage',
      { application: app.code, notifications: [note()] },
      { Authorization: `Token ${app.auth}` },
    )
    assert.equal(r.body.status_code, 200, r.text)
  })

  it('sends several notifications, one message each, codes in order', async () => {
    const [a, b] = [freshPhone(), freshPhone()]
    const r = await send(note({ devices: [a] }), note({ devices: [b], content: 'Second' }))
    assert.equal(r.body.status_code, 200, r.text)
    const codes: string[] = r.body.response.Messages
    assert.equal(codes.length, 2)
    assert.equal((await rowOf(codes[0]!))!.phone, a)
    assert.equal((await rowOf(codes[1]!))!.text, 'Second')
  })

  it('answers a refused later notification with the codes sent before it', async () => {
    const r = await send(note(), note({ devices: ['+49'] }))
    assert.equal(r.body.status_code, 210, r.text)
    assert.match(r.body.status_message, /^notifications\[1\]: Invalid devices list\. "\+49"/)
    assert.equal(r.body.response.Messages.length, 1)
    assert.ok(await rowOf(r.body.response.Messages[0]))
  })

  describe('send_date and timezone', () => {
    it('YYYY-MM-DD HH:mm is UTC without a timezone, and the wall clock of the one given', async () => {
      const utc = await send(note({ send_date: '2026-02-01 09:30' }))
      assert.equal(utc.body.status_code, 200, utc.text)
      const at = (await rowOf(utc.body.response.Messages[0]))!
      assert.equal(at.delivery_at, Date.UTC(2026, 1, 1, 9, 30) / 1000)
      const berlin = await send(note({ send_date: '2026-07-01 12:00', timezone: 'Europe/Berlin' }))
      const code = berlin.body.response.Messages[0]
      assert.equal((await rowOf(code))!.delivery_at, Date.UTC(2026, 6, 1, 10, 0) / 1000)
      const ny = await send(note({ send_date: '2026-07-01 12:00', timezone: 'America/New_York' }))
      const nyRow = (await rowOf(ny.body.response.Messages[0]))!
      assert.equal(nyRow.delivery_at, Date.UTC(2026, 6, 1, 16, 0) / 1000)
      // Scheduled: pending at the facade.
      const details = await call('getMessageDetails', { message: code })
      assert.equal(details.body.response.message.status, 'pending')
      assert.equal(details.body.response.message.send_date, '2026-07-01 10:00:00')
      assert.equal(details.body.response.message.delivery.state, 'scheduled')
    })

    it('refuses a missing or malformed send_date and an unknown timezone', async () => {
      await refused(
        () => send(note({ send_date: undefined })),
        'Invalid send_date. "send_date" is required: "now" or YYYY-MM-DD HH:mm.',
      )
      await refused(
        () => send(note({ send_date: 'tomorrow' })),
        'Invalid send_date. "tomorrow" must be "now" or a date and time as YYYY-MM-DD HH:mm.',
      )
      await refused(() => send(note({ send_date: '2026-02-30 10:00' })), /Invalid send_date/)
      await refused(
        () => send(note({ send_date: 1767225600 })),
        'Invalid send_date. "send_date" must be a string.',
      )
      await refused(
        () => send(note({ send_date: '2026-07-01 12:00', timezone: 'Mars/Olympus' })),
        'Invalid timezone. "Mars/Olympus" is no IANA time zone name (e.g. Europe/Berlin, UTC).',
      )
    })

    it('sends a past send_date now', async () => {
      const r = await send(note({ send_date: '2026-01-15 11:59', timezone: 'UTC' }))
      assert.equal(r.body.status_code, 200, r.text)
      assert.equal((await rowOf(r.body.response.Messages[0]))!.delivery_at, 0)
    })

    it('refuses a date further ahead than the gateway schedules', async () => {
      await refused(
        () => send(note({ send_date: '2099-01-01 00:00' })),
        'Invalid send_date. "send_date" must be at most 365 days ahead.',
      )
    })
  })

  describe('devices and registration', () => {
    it('refuses anything but an array of exactly one phone number', async () => {
      await refused(
        () => send(note({ devices: '+491701234567' })),
        'Invalid devices list. "devices" must be an array.',
      )
      await refused(
        () => send(note({ devices: undefined })),
        'Invalid devices list. "devices" must be an array.',
      )
      await refused(
        () => send(note({ devices: [freshPhone(), freshPhone()] })),
        'Invalid devices list. "devices" must hold exactly one phone number, not 2.',
      )
      await refused(
        () => send(note({ devices: [] })),
        'Invalid devices list. "devices" must hold exactly one phone number, not 0.',
      )
      await refused(
        () => send(note({ devices: [491701234567] })),
        'Invalid devices list. "devices" must hold the phone number as a string.',
      )
    })

    it('refuses a number that is not E.164', async () => {
      for (const bad of ['01701234567', '+49 170 1234567', 'hello', '+0123456'])
        await refused(
          () => send(note({ devices: [bad] })),
          new RegExp(`^Invalid devices list\\. "${bad.replace('+', '\\+')}" `),
        )
      await refused(() => send(note({ devices: ['+999123456789'] })), /calling code/)
    })

    it('sends only to registered numbers unless use_auto_registration is true', async () => {
      const phone = freshPhone()
      const plain = () => send(note({ devices: [phone], use_auto_registration: undefined }))
      await refused(
        plain,
        `Invalid devices list. "${phone}" is not registered to the application: register it with /registerDevice or set "use_auto_registration": true.`,
      )
      await refused(
        () => send(note({ devices: [phone], use_auto_registration: 'yes' })),
        'Invalid use_auto_registration. "use_auto_registration" must be true or false.',
      )
      const reg = await call('registerDevice', { hwid: phone, device_type: 18, userId: 'u-1' })
      assert.deepEqual(reg.body, { status_code: 200, status_message: 'OK', response: null })
      assert.equal((await plain()).body.status_code, 200)
      const unreg = await call('unregisterDevice', { hwid: phone })
      assert.deepEqual(unreg.body, { status_code: 200, status_message: 'OK', response: null })
      assertRefused(await plain(), /is not registered/, EMPTY)
      // Auto-registration registers it for the next message.
      assert.equal((await send(note({ devices: [phone] }))).body.status_code, 200)
      assert.equal((await plain()).body.status_code, 200)
    })
  })

  describe('content, presets and dynamic content', () => {
    it('fills dynamic_content_placeholders into the content', async () => {
      const r = await send(
        note({
          content: 'Hi {name|CapitalizeFirst|there}, {count} items, {city|UPPERCASE|}',
          dynamic_content_placeholders: { name: 'ann', count: 3 },
        }),
      )
      assert.equal(r.body.status_code, 200, r.text)
      assert.equal((await rowOf(r.body.response.Messages[0]))!.text, 'Hi Ann, 3 items, ')
    })

    it('takes the text of a preset, and the content over it', async () => {
      const preset = await pushwooshPreset(s, s.userId, app.code, 'Code {code} for {name||you}')
      const r = await send(
        note({ content: undefined, preset, dynamic_content_placeholders: { code: '4711' } }),
      )
      assert.equal(r.body.status_code, 200, r.text)
      assert.equal((await rowOf(r.body.response.Messages[0]))!.text, 'Code 4711 for you')
      const own = await send(note({ content: 'Own text', preset }))
      assert.equal((await rowOf(own.body.response.Messages[0]))!.text, 'Own text')
    })

    it('refuses a missing or empty content, an unknown preset and an unfilled placeholder', async () => {
      await refused(
        () => send(note({ content: undefined })),
        'Invalid content. "content" is required (or a preset that gives it).',
      )
      await refused(
        () => send(note({ content: { en: 'Hi' } })),
        'Invalid content. "content" must be a string.',
      )
      await refused(() => send(note({ content: '' })), /^Invalid content\. "content" /)
      await refused(
        () => send(note({ content: 'x'.repeat(1600) })),
        /^Invalid content\. "content" /,
      )
      await refused(
        () => send(note({ preset: 'ZZZZZ-ZZZZZ' })),
        'Invalid preset. "ZZZZZ-ZZZZZ" is no preset of the application.',
      )
      await refused(
        () => send(note({ content: 'Hi {name}' })),
        'Invalid dynamic_content_placeholders. No value for placeholder "name" in dynamic_content_placeholders, and no default.',
      )
      await refused(
        () => send(note({ content: 'Hi', dynamic_content_placeholders: ['a'] })),
        'Invalid dynamic_content_placeholders. "dynamic_content_placeholders" must be an object of names and values.',
      )
      await refused(
        () => send(note({ content: 'Hi', dynamic_content_placeholders: { a: { b: 1 } } })),
        'Invalid dynamic_content_placeholders. "dynamic_content_placeholders.a" must be a string, number or boolean.',
      )
    })

    it("another application's preset is no preset of this one", async () => {
      const other = await pushwooshApp(s, s.userId)
      const preset = await pushwooshPreset(s, s.userId, other.code, 'Other app')
      await refused(
        () => send(note({ preset })),
        `Invalid preset. "${preset}" is no preset of the application.`,
      )
    })
  })

  describe('the request', () => {
    it('refuses a body without request, and notifications that are no list of objects', async () => {
      const r = await s.request('/json/1.3/createSMSMessage', { body: { application: app.code } })
      assertRefused(r, 'Invalid request. The body must be {"request": {…}}.', EMPTY)
      await refused(
        () => call('createSMSMessage', {}),
        'Invalid notifications list. "notifications" must be a non-empty array.',
      )
      await refused(
        () => call('createSMSMessage', { notifications: [] }),
        'Invalid notifications list. "notifications" must be a non-empty array.',
      )
      await refused(
        () => call('createSMSMessage', { notifications: ['x'] }),
        'Invalid notifications list. "notifications[0]" must be an object.',
      )
      await refused(
        () =>
          call('createSMSMessage', { notifications: Array.from({ length: 101 }, () => note()) }),
        'Invalid notifications list. "notifications" may hold at most 100 entries.',
      )
    })

    it('answers a body that is no JSON with HTTP 400 and status_code 400', async () => {
      const r = await s.request('/json/1.3/createSMSMessage', {
        rawBody: '{"request": {',
        headers: { 'Content-Type': 'application/json' },
      })
      assert.equal(r.status, 400, r.text)
      assert.equal(r.body.status_code, 400)
      assert.match(r.body.status_message, /^Malformed request string\./)
      assert.deepEqual(r.body.response, EMPTY)
    })

    it('refuses a missing, unknown or foreign application and a wrong auth alike', async () => {
      const other = await pushwooshApp(s, s.userId)
      const denied = 'Access denied or application not found'
      // Each from an address of its own: failed authentications block an address.
      let n = 0
      const req = (fields: Record<string, unknown>) =>
        pushwoosh(
          s,
          'createSMSMessage',
          { notifications: [note()], ...fields },
          { 'X-Forwarded-For': `198.51.100.${++n}` },
        )
      await refused(
        () => req({ auth: app.auth }),
        'Invalid application. "application" is required: the application code.',
      )
      await refused(
        () => req({ application: app.code }),
        'Invalid auth. "auth" is required: the API access token (or the header Authorization: Token …).',
      )
      await refused(() => req({ application: 'ZZZZZ-ZZZZZ', auth: app.auth }), denied)
      await refused(() => req({ application: app.code, auth: 'x'.repeat(32) }), denied)
      await refused(() => req({ application: app.code, auth: other.auth }), denied)
      await refused(
        () => req({ application: app.code, auth: 42 }),
        'Invalid auth. "auth" must be a string.',
      )
      // A LOX24 key of the same account is no application token.
      const lox24Key = s.token.split(':')[1]!
      await refused(() => req({ application: app.code, auth: lox24Key }), denied)
    })

    it('refuses a deactivated token, and a deleted application', async () => {
      const gone = await pushwooshApp(s, s.userId)
      const off = await s.admin(`/admin/keys/${gone.key_id}`, {
        method: 'PATCH',
        body: { is_active: false },
      })
      assert.equal(off.status, 200, off.text)
      const goneCall = asApp(s, gone)
      assertRefused(
        await goneCall('createSMSMessage', { notifications: [note()] }),
        'The API key is not active',
        EMPTY,
      )
      const del = await s.admin(`/admin/accounts/${s.userId}/applications/${gone.code}`, {
        method: 'DELETE',
      })
      assert.equal(del.status, 204)
      assertRefused(
        await goneCall('createSMSMessage', { notifications: [note()] }),
        'Access denied or application not found',
        EMPTY,
      )
    })
  })

  it('blocks an address after repeated failed authentications, in Pushwoosh shape', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.77' }
    const wrong = () =>
      pushwoosh(
        s,
        'getMessageDetails',
        { application: app.code, auth: 'y'.repeat(32), message: 'x' },
        from,
      )
    let r = await wrong()
    for (let i = 0; i < 20 && r.status === 200; i++) r = await wrong()
    assert.equal(r.status, 429, r.text)
    assert.equal(r.body.status_code, 429)
    assert.match(r.body.status_message, /^Too many failed authentications from 203\.0\.113\.77/)
    assert.ok(Number(r.headers.get('retry-after')) > 0)
    // The right pair from there waits too: a block gives a guesser nothing to learn from.
    const right = await pushwoosh(
      s,
      'getMessageDetails',
      { application: app.code, auth: app.auth, message: 'x' },
      from,
    )
    assert.equal(right.status, 429)
  })

  it('refuses a message the balance does not cover, charging nothing', async () => {
    const poor = await s.createAccount({ name: 'Poor', balance: '0' })
    const poorApp = await pushwooshApp(s, poor.userId)
    const phone = freshPhone()
    const r = await asApp(s, poorApp)('createSMSMessage', {
      notifications: [note({ devices: [phone] })],
    })
    assertRefused(r, /^Insufficient funds/, EMPTY)
    // Auto-registration waits for an accepted message: nothing is left behind.
    const devices = await s.ctx.deps.db
      .selectFrom('pushwoosh_devices')
      .select('hwid')
      .where('hwid', '=', phone)
      .execute()
    assert.deepEqual(devices, [])
  })
})
