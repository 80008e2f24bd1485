// Pushwoosh's totalsByIntervals and getMessageDetails over real HTTP, counted from the states the
// simulator's reports leave (delivered; refused for good), and registerDevice/unregisterDevice
// with their argument errors. One account's application never sees another's messages.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'
import {
  asApp,
  assertRefused,
  freshPhone,
  pushwooshApp,
  type PushwooshApp,
} from '../helpers/pushwoosh.js'

const HOUR_MS = 3_600_000

describe('Pushwoosh API: statistics and devices', () => {
  let s: TestServer
  let app: PushwooshApp
  let call: ReturnType<typeof asApp>
  before(async () => {
    s = await startTestServer({}, { delivery: true })
    // Numbers starting +4915 are refused by the carrier for good: those messages fail.
    const put = await s.admin('/admin/connectors/simulator', {
      method: 'PUT',
      body: { kind: 'simulator', config: { rejectPrefixes: ['4915'] }, enabled: true },
    })
    assert.equal(put.status, 200, put.text)
    app = await pushwooshApp(s, s.userId)
    call = asApp(s, app)
  })
  after(() => s?.close())

  const send = async (phone: string, extra: Record<string, unknown> = {}) => {
    const r = await call('createSMSMessage', {
      notifications: [
        {
          send_date: 'now',
          content: 'Stats',
          devices: [phone],
          use_auto_registration: true,
          ...extra,
        },
      ],
    })
    assert.equal(r.body.status_code, 200, r.text)
    return r.body.response.Messages[0] as string
  }
  const settled = (code: string) =>
    waitFor(`${code} settled`, async () => {
      const r = await call('getMessageDetails', { message: code })
      const state = r.body.response?.message?.delivery?.state
      return state === 'delivered' || state === 'failed' ? state : undefined
    })

  it('counts sent, delivered and failed per hour from the real message states', async () => {
    // 12:00 (the test clock's start): two delivered, one refused by the carrier.
    const first = [
      await send(freshPhone()),
      await send(freshPhone()),
      await send(freshPhone('+4915')),
    ]
    // 14:xx: one delivered, one scheduled for the next day (counted in none).
    s.clock.advance(2 * HOUR_MS + 60_000)
    const later = [await send(freshPhone())]
    const scheduled = await send(freshPhone(), { send_date: '2026-01-16 10:00' })
    assert.deepEqual(await Promise.all([...first, ...later].map(settled)), [
      'delivered',
      'delivered',
      'failed',
      'delivered',
    ])
    const r = await call('totalsByIntervals', {
      datetime_from: '2026-01-15 12:00',
      datetime_to: '2026-01-15 15:30',
    })
    assert.equal(r.body.status_code, 200, r.text)
    assert.deepEqual(r.body.response, {
      scale: 'hour',
      timezone: 'UTC',
      metrics: [
        { timestamp: '2026-01-15 12:00:00', platform: 18, sent: 2, delivered: 2, failed: 1 },
        { timestamp: '2026-01-15 13:00:00', platform: 18, sent: 0, delivered: 0, failed: 0 },
        { timestamp: '2026-01-15 14:00:00', platform: 18, sent: 1, delivered: 1, failed: 0 },
        { timestamp: '2026-01-15 15:00:00', platform: 18, sent: 0, delivered: 0, failed: 0 },
      ],
    })

    // By day, in Berlin's time: the day starts at 23:00 UTC.
    const day = await call('totalsByIntervals', {
      datetime_from: '2026-01-15 00:00',
      datetime_to: '2026-01-17 00:00',
      scale: 'day',
      timezone: 'Europe/Berlin',
    })
    assert.deepEqual(day.body.response.metrics, [
      { timestamp: '2026-01-15 00:00:00', platform: 18, sent: 3, delivered: 3, failed: 1 },
      { timestamp: '2026-01-16 00:00:00', platform: 18, sent: 0, delivered: 0, failed: 0 },
    ])

    // One message only.
    const one = await call('totalsByIntervals', {
      datetime_from: '2026-01-15 12:00',
      datetime_to: '2026-01-15 13:00',
      message_code: first[2],
    })
    assert.deepEqual(one.body.response.metrics, [
      { timestamp: '2026-01-15 12:00:00', platform: 18, sent: 0, delivered: 0, failed: 1 },
    ])

    const details = await call('getMessageDetails', { message: scheduled })
    assert.equal(details.body.response.message.status, 'pending')
    const failed = await call('getMessageDetails', { message: first[2] })
    assert.equal(failed.body.response.message.status, 'done')
    assert.equal(failed.body.response.message.delivery.state, 'failed')
    assert.equal(failed.body.response.message.delivery.dlr_code, 16)
  })

  it('refuses bad dates, scales, ranges and unknown message codes', async () => {
    const t = (fields: Record<string, unknown>) =>
      call('totalsByIntervals', {
        datetime_from: '2026-01-15 00:00',
        datetime_to: '2026-01-16 00:00',
        ...fields,
      })
    assertRefused(
      await t({ datetime_from: undefined }),
      'Invalid datetime_from. "datetime_from" is required: YYYY-MM-DD HH:mm[:ss].',
    )
    assertRefused(
      await t({ datetime_to: '16.01.2026' }),
      'Invalid datetime_to. "16.01.2026" must be a date and time as YYYY-MM-DD HH:mm[:ss].',
    )
    assertRefused(
      await t({ datetime_to: '2026-01-15 00:00' }),
      'Invalid datetime_to. "datetime_to" must be after datetime_from.',
    )
    assertRefused(await t({ scale: 'week' }), 'Invalid scale. "scale" must be hour or day.')
    assertRefused(
      await t({ datetime_to: '2026-03-01 00:00' }),
      'Invalid datetime_to. At most 744 intervals of a hour per request.',
    )
    assertRefused(await t({ timezone: 'Nowhere' }), /^Invalid timezone\./)
    assertRefused(
      await t({ message_code: 'AAAA-00000000-00000000' }),
      'Invalid message_code. "AAAA-00000000-00000000" is no message of the application.',
    )
    // Pushwoosh's older names of the fields are taken too.
    const legacy = await call('totalsByIntervals', {
      datefrom: '2026-01-15 00:00:00',
      dateto: '2026-01-15 01:00:00',
    })
    assert.equal(legacy.body.status_code, 200, legacy.text)
    assert.equal(legacy.body.response.metrics.length, 1)
  })

  it('getMessageDetails refuses a missing or unknown message', async () => {
    assertRefused(
      await call('getMessageDetails', {}),
      'Invalid message. "message" is required: the message code.',
    )
    assertRefused(
      await call('getMessageDetails', { message: 'AAAA-00000000-00000000' }),
      'Invalid message. "AAAA-00000000-00000000" is no message of the application.',
    )
  })

  describe('registerDevice and unregisterDevice', () => {
    it('registers a number with its userId, and again with a new one', async () => {
      const phone = freshPhone()
      for (const userId of ['alice', 'alice-2']) {
        const r = await call('registerDevice', { hwid: phone, device_type: 18, userId })
        assert.deepEqual(r.body, { status_code: 200, status_message: 'OK', response: null })
      }
      const rows = await s.ctx.deps.db
        .selectFrom('pushwoosh_devices')
        .selectAll()
        .where('hwid', '=', phone)
        .execute()
      assert.deepEqual(
        rows.map((d) => d.user_id),
        ['alice-2'],
      )
      // device_type may be left out: the only type here is SMS.
      assert.equal((await call('registerDevice', { hwid: freshPhone() })).body.status_code, 200)
    })

    it('refuses a missing or malformed hwid, another device type and a bad userId', async () => {
      assertRefused(
        await call('registerDevice', {}),
        'Invalid hwid. "hwid" is required: the phone number in E.164 format.',
      )
      assertRefused(
        await call('registerDevice', { hwid: '1CA68A12-8DAC-4BB7-BEE5-B756288B6D3C' }),
        'Invalid hwid. "1CA68A12-8DAC-4BB7-BEE5-B756288B6D3C" must be a phone number in E.164 format (+ and country code, e.g. +491701234567).',
      )
      assertRefused(
        await call('registerDevice', { hwid: freshPhone(), device_type: 3 }),
        'Invalid device_type. "device_type" must be 18 (SMS).',
      )
      assertRefused(
        await call('registerDevice', { hwid: freshPhone(), userId: 7 }),
        'Invalid userId. "userId" must be a string.',
      )
      assertRefused(
        await call('unregisterDevice', { hwid: 'abc' }),
        /^Invalid hwid\. "abc" must be a phone number in E\.164 format/,
      )
      // Unregistering a number not registered is fine, as at Pushwoosh.
      const r = await call('unregisterDevice', { hwid: freshPhone() })
      assert.equal(r.body.status_code, 200)
    })
  })

  it("never shows or counts another account's messages, nor sends as its application", async () => {
    const other = await s.createAccount({ name: 'Other' })
    const otherApp = await pushwooshApp(s, other.userId)
    const otherCall = asApp(s, otherApp)
    const mine = await send(freshPhone())
    // B asks for A's message code with its own application: unknown to it.
    assertRefused(
      await otherCall('getMessageDetails', { message: mine }),
      `Invalid message. "${mine}" is no message of the application.`,
    )
    const totals = await otherCall('totalsByIntervals', {
      datetime_from: '2026-01-15 00:00',
      datetime_to: '2026-01-16 00:00',
      scale: 'day',
    })
    assert.deepEqual(totals.body.response.metrics[0], {
      timestamp: '2026-01-15 00:00:00',
      platform: 18,
      sent: 0,
      delivered: 0,
      failed: 0,
    })
    // B's token with A's application code, and A's token with B's: refused, nothing sent.
    for (const pair of [
      { application: app.code, auth: otherApp.auth },
      { application: otherApp.code, auth: app.auth },
    ]) {
      const r = await s.request('/json/1.3/createSMSMessage', {
        body: {
          request: {
            ...pair,
            notifications: [
              {
                send_date: 'now',
                content: 'x',
                devices: [freshPhone()],
                use_auto_registration: true,
              },
            ],
          },
        },
        headers: { 'X-Forwarded-For': '198.51.100.200' },
      })
      assertRefused(r, 'Access denied or application not found', { Messages: [] })
    }
    // A device registered to A's application is not B's.
    const phone = freshPhone()
    await call('registerDevice', { hwid: phone })
    const r = await otherCall('createSMSMessage', {
      notifications: [{ send_date: 'now', content: 'x', devices: [phone] }],
    })
    assertRefused(r, /is not registered to the application/, { Messages: [] })
  })
})
