// The seven.io API's balance, status lookup and webhooks over real HTTP, with the status
// callbacks they lead to: each endpoint, bad input, wrong credentials, and one account never
// seeing another's messages or hooks. Also files end to end through POST /api/sms.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { balanceMicro, freshNumber, postJson, sevenKey } from '../helpers/seven.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

describe('seven.io API: balance, status, hooks', () => {
  let s: TestServer
  let key: string
  let other: { userId: number; key: string }
  let rx: Receiver
  before(async () => {
    s = await startTestServer(
      { webhookAllowPrivate: true, publicUrl: 'https://sms.example.com' },
      { delivery: true, events: true },
    )
    key = await sevenKey(s, s.userId)
    const b = await s.createAccount({ balance: '7.5' })
    other = { userId: b.userId, key: await sevenKey(s, b.userId) }
    rx = await startReceiver()
  })
  after(async () => {
    await rx.close()
    await s.close()
  })

  // Failed authentications count against their address: those of a wrong key come from one of
  // their own, so the guard does not block the test's other requests.
  const WRONG = 'wrong-key-0123456789'
  const elsewhere = { 'X-Forwarded-For': '198.51.100.7' }
  const get = (path: string, k: string | null, json = true) =>
    s.request(path, {
      headers: {
        ...(k ? { 'X-Api-Key': k } : {}),
        ...(json ? { Accept: 'application/json' } : {}),
        ...(k === WRONG || k === null ? elsewhere : {}),
      },
    })

  describe('GET /api/balance', () => {
    it('is a plain number, or amount and currency as JSON', async () => {
      const text = await get('/api/balance', key, false)
      assert.equal(text.status, 200)
      assert.match(text.headers.get('content-type')!, /^text\/plain/)
      assert.equal(Number(text.text), (await balanceMicro(s, s.userId)) / 1e6)
      const json = await get('/api/balance', other.key)
      assert.deepEqual(json.body, { amount: 7.5, currency: 'EUR' })
      const legacy = await s.request(`/api/balance?p=${other.key}&json=1`)
      assert.deepEqual(legacy.body, { amount: 7.5, currency: 'EUR' })
    })

    it('answers 900 for a wrong or missing key, 902 for a key without the right', async () => {
      for (const k of [WRONG, null]) {
        const r = await get('/api/balance', k, false)
        assert.equal(r.status, 401)
        assert.equal(r.text.split('\n')[0], '900')
      }
      assert.equal((await get('/api/balance', WRONG)).text, '900')
      const smsOnly = await sevenKey(s, s.userId, { endpoints: ['sms'] })
      const r = await get('/api/balance', smsOnly, false)
      assert.equal(r.status, 403)
      assert.equal(r.text.split('\n')[0], '902')
    })
  })

  describe('GET /api/status', () => {
    it("gives each of the account's messages its status; others' ids are left out", async () => {
      const sent = await postJson(s, key, { to: `${freshNumber()},${freshNumber()}`, text: 'Hi' })
      assert.equal(sent.body.success, '100', sent.text)
      const [a, b] = sent.body.messages.map((m: { id: string }) => m.id) as [string, string]
      const foreign = await postJson(s, other.key, { to: freshNumber(), text: 'Hi' })
      const foreignId = foreign.body.messages[0].id as string
      await waitFor('the delivery reports', async () => {
        const r = await get(`/api/status?msg_id=${a},${b}`, key)
        return r.body.every((x: { status: string }) => x.status === 'DELIVERED') && r
      })
      const r = await get(`/api/status?msg_id=${b},${foreignId},${a},99999999999`, key)
      assert.equal(r.status, 200)
      assert.deepEqual(
        r.body.map((x: { id: number; status: string }) => [x.id, x.status]),
        [
          [Number(b), 'DELIVERED'],
          [Number(a), 'DELIVERED'],
        ],
      )
      assert.match(r.body[0].status_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
      assert.equal(r.body[0].statusTime, r.body[0].status_time)
      const text = await get(`/api/status?msg_id=${a}`, key, false)
      assert.equal(text.status, 200)
      assert.match(text.text, /^DELIVERED\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
      // Another tenant's id is an unknown one, in text and in JSON.
      const theirs = await get(`/api/status?msg_id=${foreignId}`, key, false)
      const none = await get('/api/status?msg_id=99999999999', key, false)
      assert.equal(theirs.status, 404)
      assert.equal(theirs.text, none.text)
      assert.deepEqual((await get(`/api/status?msg_id=${foreignId}`, key)).body, [])
      assert.equal(
        (await get(`/api/status?msg_id=${foreignId}`, other.key)).body[0].id,
        Number(foreignId),
      )
    })

    it('refuses a missing or malformed msg_id, naming it', async () => {
      for (const q of [
        '',
        '?msg_id=',
        '?msg_id=abc',
        '?msg_id=1,-2',
        `?msg_id=${'1,'.repeat(101)}`,
      ]) {
        const r = await get(`/api/status${q}`, key, false)
        assert.equal(r.status, 400, q)
        assert.match(r.text, /^600\nmsg_id: /, q)
      }
      const json = await get('/api/status?msg_id=x', key)
      assert.equal(json.body.success, '600')
      assert.match(json.body.error_text, /^msg_id: /)
      assert.equal((await get('/api/status?msg_id=1', WRONG, false)).text.split('\n')[0], '900')
    })
  })

  describe('/api/hooks', () => {
    const hooks = (k: string, opts: { method?: string; body?: unknown; query?: string } = {}) =>
      s.request(`/api/hooks${opts.query ?? ''}`, {
        method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
        headers: { 'X-Api-Key': k, Accept: 'application/json' },
        ...(opts.body === undefined ? {} : { body: opts.body }),
      })

    it('subscribes, lists and unsubscribes, per account', async () => {
      const sub = await hooks(other.key, {
        body: { target_url: 'https://example.com/hook', event_type: 'dlr', request_method: 'JSON' },
      })
      assert.equal(sub.status, 200, sub.text)
      assert.equal(sub.body.success, true)
      assert.ok(Number.isInteger(sub.body.id) && sub.body.id > 0)
      const list = await hooks(other.key)
      assert.equal(list.body.success, true)
      assert.deepEqual(list.body.hooks, [
        {
          id: String(sub.body.id),
          target_url: 'https://example.com/hook',
          event_type: 'dlr',
          event_filter: null,
          request_method: 'JSON',
          headers: '',
          enabled: true,
          created: '2026-01-15 12:00:00',
        },
      ])
      // The other account sees none of them and cannot remove them.
      assert.deepEqual((await hooks(key)).body.hooks, [])
      const foreign = await hooks(key, { method: 'DELETE', body: { id: sub.body.id } })
      assert.equal(foreign.status, 404)
      assert.equal(foreign.body.success, false)
      assert.equal((await hooks(other.key)).body.hooks.length, 1)
      // By JSON body (the official client) or by query (the PHP client).
      const del = await hooks(other.key, { method: 'DELETE', query: `?id=${sub.body.id}` })
      assert.deepEqual(del.body, { success: true })
      assert.deepEqual((await hooks(other.key)).body.hooks, [])
    })

    it('takes a form too, POST by default', async () => {
      const r = await s.request('/api/hooks', {
        headers: { 'X-Api-Key': other.key, 'Content-Type': 'application/x-www-form-urlencoded' },
        rawBody:
          'target_url=https%3A%2F%2Fexample.com%2Fmo&event_type=sms_mo&event_filter=4915112345678',
      })
      assert.equal(r.body.success, true, r.text)
      const [h] = (await hooks(other.key)).body.hooks
      assert.equal(h.request_method, 'POST')
      assert.equal(h.event_filter, '4915112345678')
      assert.deepEqual(
        (await hooks(other.key, { method: 'DELETE', body: { id: Number(h.id) } })).body,
        {
          success: true,
        },
      )
    })

    it('understands the older form: action read, subscribe, unsubscribe in one POST', async () => {
      const post = (params: Record<string, string>) =>
        s.request('/api/hooks', {
          headers: {
            'X-Api-Key': other.key,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          rawBody: new URLSearchParams(params).toString(),
        })
      const sub = await post({
        action: 'subscribe',
        target_url: 'https://example.com/old',
        event_type: 'dlr',
      })
      assert.equal(sub.body.success, true, sub.text)
      const read = await post({ action: 'read' })
      assert.deepEqual(
        read.body.hooks.map((h: { id: string }) => h.id),
        [String(sub.body.id)],
      )
      assert.deepEqual((await post({ action: 'unsubscribe', id: String(sub.body.id) })).body, {
        success: true,
      })
      assert.deepEqual((await post({ action: 'read' })).body.hooks, [])
    })

    it('refuses bad input with the field and why, and a sixth hook', async () => {
      const bad: [Record<string, unknown>, RegExp][] = [
        [{ event_type: 'dlr' }, /^target_url: is required/],
        [
          { target_url: 'ftp://example.com', event_type: 'dlr' },
          /^target_url: scheme must be http or https/,
        ],
        [
          { target_url: 'https://example.com', event_type: 'voice_call' },
          /^event_type: one of all, dlr, sms_mo/,
        ],
        [
          { target_url: 'https://example.com', event_type: 'dlr', request_method: 'PUT' },
          /^request_method: one of POST, GET, JSON/,
        ],
        [
          { target_url: 'https://example.com', event_type: 'dlr', headers: 'no colon here' },
          /^headers: /,
        ],
        [
          { target_url: 'https://example.com', event_type: 'dlr', headers: 'Host: evil' },
          /^headers: Host is set by the gateway/,
        ],
        [
          { target_url: 'https://example.com', event_type: 'dlr', event_filter: 5 },
          /^event_filter: /,
        ],
      ]
      for (const [body, message] of bad) {
        const r = await hooks(other.key, { body })
        assert.equal(r.status, 400, JSON.stringify(body))
        assert.equal(r.body.success, false)
        assert.match(r.body.error_message, message)
      }
      const ids: number[] = []
      for (let i = 0; i < 5; i++) {
        const r = await hooks(other.key, {
          body: { target_url: `https://example.com/${i}`, event_type: 'all' },
        })
        assert.equal(r.body.success, true, r.text)
        ids.push(r.body.id)
      }
      const sixth = await hooks(other.key, {
        body: { target_url: 'https://example.com/6', event_type: 'all' },
      })
      assert.equal(sixth.status, 400)
      assert.match(sixth.body.error_message, /at most 5 webhooks/)
      for (const id of ids) await hooks(other.key, { method: 'DELETE', query: `?id=${id}` })
      assert.equal((await hooks(other.key, { method: 'DELETE', query: '?id=x' })).status, 400)
    })

    it('answers 900 for a wrong key, 902 for a key without the right', async () => {
      const r = await s.request('/api/hooks', {
        headers: { 'X-Api-Key': WRONG, 'X-Forwarded-For': '198.51.100.8' },
      })
      assert.equal(r.status, 401)
      assert.equal(r.text.split('\n')[0], '900')
      const smsOnly = await sevenKey(s, s.userId, { endpoints: ['sms', 'balance'] })
      const n = await s.request('/api/hooks', { headers: { 'X-Api-Key': smsOnly } })
      assert.equal(n.text.split('\n')[0], '902')
    })

    it("calls a dlr hook with the report, msg_id and foreign_id, in the hook's method", async () => {
      const json = await hooks(key, {
        body: {
          target_url: `${rx.url}/json`,
          event_type: 'dlr',
          request_method: 'JSON',
          headers: 'Authorization: Basic dXNlcjpwYXNz',
        },
      })
      const form = await hooks(key, {
        body: { target_url: `${rx.url}/form?x=1`, event_type: 'dlr' },
      })
      const query = await hooks(key, {
        body: { target_url: `${rx.url}/get`, event_type: 'all', request_method: 'GET' },
      })
      // The other account's hook hears nothing of this account's messages.
      await hooks(other.key, { body: { target_url: `${rx.url}/other`, event_type: 'all' } })
      const sent = await postJson(s, key, {
        to: freshNumber(),
        text: 'Report me',
        foreign_id: 'order-42',
      })
      const id = sent.body.messages[0].id as string
      await waitFor('the DELIVERED reports', () =>
        ['/json', '/form', '/get'].every(
          (p) =>
            rx.received.some((r) => r.url.startsWith(p) && r.body + r.url).valueOf() &&
            rx.received.some(
              (r) => r.url.startsWith(p) && /DELIVERED/.test(decodeURIComponent(r.body + r.url)),
            ),
        ),
      )
      const j = rx.received.filter((r) => r.url === '/json').map((r) => JSON.parse(r.body))
      const delivered = j.find((p) => p.data.status === 'DELIVERED')
      assert.equal(delivered.webhook_event, 'dlr')
      assert.match(delivered.webhook_timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
      assert.equal(delivered.data.msg_id, id)
      assert.equal(delivered.data.foreign_id, 'order-42')
      assert.match(delivered.data.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
      assert.equal(delivered.data.status_time, delivered.data.timestamp)
      const jsonCall = rx.received.find((r) => r.url === '/json')!
      assert.equal(jsonCall.method, 'POST')
      assert.equal(jsonCall.headers['content-type'], 'application/json')
      assert.equal(jsonCall.headers.authorization, 'Basic dXNlcjpwYXNz')
      const formCall = rx.received.find((r) => r.url === '/form?x=1' && /DELIVERED/.test(r.body))!
      assert.equal(formCall.method, 'POST')
      assert.equal(formCall.headers['content-type'], 'application/x-www-form-urlencoded')
      const f = new URLSearchParams(formCall.body)
      assert.equal(f.get('webhook_event'), 'dlr')
      assert.equal(f.get('data[msg_id]'), id)
      assert.equal(f.get('data[foreign_id]'), 'order-42')
      const getCall = rx.received.find((r) => r.url.startsWith('/get?') && /DELIVERED/.test(r.url))!
      assert.equal(getCall.method, 'GET')
      const q = new URL(getCall.url, rx.url).searchParams
      assert.equal(q.get('data[msg_id]'), id)
      assert.equal(q.get('data[status]'), 'DELIVERED')
      assert.equal(rx.received.filter((r) => r.url.startsWith('/other')).length, 0)
      for (const h of [json, form, query])
        await hooks(key, { method: 'DELETE', body: { id: h.body.id } })
    })

    it('reports a message sent through the LOX24 API too, under a seven id the status lookup knows', async () => {
      const hook = await hooks(key, {
        body: { target_url: `${rx.url}/lox24`, event_type: 'dlr', request_method: 'JSON' },
      })
      const phone = freshNumber()
      const sent = await s.request('/sms', {
        token: s.token,
        body: { phone, sender_id: 'Taube', text: 'Sent the LOX24 way', service_code: 'direct' },
      })
      assert.equal(sent.status, 201, sent.text)
      const report = await waitFor('the report', () =>
        rx.received
          .filter((r) => r.url === '/lox24')
          .map((r) => JSON.parse(r.body))
          .find((p) => p.data.status === 'DELIVERED'),
      )
      assert.match(report.data.msg_id, /^\d+$/)
      assert.equal(report.data.recipient, phone.slice(1))
      assert.equal(report.data.foreign_id, null)
      // Every report of the message carries the same id; the LOX24 API shows the message as before.
      const ids = new Set(
        rx.received.filter((r) => r.url === '/lox24').map((r) => JSON.parse(r.body).data.msg_id),
      )
      assert.deepEqual([...ids], [report.data.msg_id])
      const status = await get(`/api/status?msg_id=${report.data.msg_id}`, key)
      assert.equal(status.status, 200, status.text)
      assert.equal(JSON.parse(status.text)[0].status, 'DELIVERED')
      // Another account cannot look it up.
      const theirs = await get(`/api/status?msg_id=${report.data.msg_id}`, other.key)
      assert.notEqual(JSON.parse(theirs.text)[0]?.status, 'DELIVERED')
      await hooks(key, { method: 'DELETE', body: { id: hook.body.id } })
    })
  })

  describe('sms_mo hooks', () => {
    it("forward an inbound SMS to the hooks whose filter names its number, in seven's format", async () => {
      const [n1, n2] = ['+4915790000011', '+4915790000012']
      for (const number of [n1, n2]) {
        const r = await s.admin('/admin/inbound-numbers', {
          body: { number, account_id: s.userId },
        })
        assert.equal(r.status, 201, r.text)
      }
      const sub = (body: Record<string, unknown>) =>
        s.request('/api/hooks', {
          headers: { 'X-Api-Key': key, Accept: 'application/json' },
          body,
        })
      const mine = await sub({
        target_url: `${rx.url}/mo-mine`,
        event_type: 'sms_mo',
        request_method: 'JSON',
        event_filter: n1.slice(1),
      })
      const theirs = await sub({
        target_url: `${rx.url}/mo-theirs`,
        event_type: 'sms_mo',
        event_filter: n2,
      })
      const dlrOnly = await sub({ target_url: `${rx.url}/mo-dlr`, event_type: 'dlr' })
      const mo = await s.admin('/admin/simulator/mo', {
        body: { from: '+491701112223', to: n1, text: 'Yes, please' },
      })
      assert.equal(mo.status, 201, mo.text)
      const call = await waitFor('the sms_mo call', () =>
        rx.received.find((r) => r.url === '/mo-mine'),
      )
      const p = JSON.parse(call.body)
      assert.equal(p.webhook_event, 'sms_mo')
      assert.equal(p.data.sender, '491701112223')
      assert.equal(p.data.system, n1.slice(1))
      assert.equal(p.data.text, 'Yes, please')
      assert.equal(p.data.message_type, 'SMS')
      assert.match(p.data.time, /^\d+$/)
      // The filter of the other hook names another number; the dlr hook takes no inbound SMS:
      // the outbox, which recorded the event with the call above, made no delivery for them.
      const made = await s.ctx.deps.db
        .selectFrom('event_deliveries')
        .select('target_key')
        .where('name', '=', 'sms.incoming')
        .where('target_key', 'like', 'seven:%')
        .execute()
      assert.deepEqual(
        made.map((d) => d.target_key),
        [`seven:${mine.body.id}`],
      )
      for (const h of [mine, theirs, dlrOnly])
        await s.request(`/api/hooks?id=${h.body.id}`, {
          method: 'DELETE',
          headers: { 'X-Api-Key': key },
        })
    })
  })

  describe('files through POST /api/sms', () => {
    const PNG = Buffer.from('\x89PNG\r\n\x1a\n a tiny picture', 'latin1').toString('base64')

    it('sends the link in the text, the page serves the file', async () => {
      const r = await s.request('/api/sms', {
        headers: {
          'X-Api-Key': key,
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        rawBody: new URLSearchParams({
          to: freshNumber(),
          text: 'Your picture: [[pic.png]]',
          'files[0][name]': 'pic.png',
          'files[0][contents]': PNG,
          'files[0][password]': 'pw',
        }).toString(),
      })
      assert.equal(r.body.success, '100', r.text)
      const text = r.body.messages[0].text as string
      const m = text.match(/^Your picture: https:\/\/sms\.example\.com\/f\/([A-Za-z0-9_-]{16})$/)
      assert.ok(m, text)
      const page = await s.request(`/f/${m[1]}`)
      assert.match(page.text, /protected by a password/)
      const file = await fetch(`${s.url}/f/${m[1]}/download`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'password=pw',
      })
      assert.equal(Buffer.from(await file.arrayBuffer()).toString('base64'), PNG)
    })

    it('refuses bad files with the field and why, and charges nothing', async () => {
      const before = await balanceMicro(s, s.userId)
      const cases: [unknown, RegExp][] = [
        [[{ name: 'a.pdf', contents: '%%%' }], /^files\[0\]\.contents: is not valid base64/],
        [[{ contents: PNG }], /^files\[0\]\.name: is required/],
        [
          [{ name: 'b.pdf', contents: PNG }],
          /^files\[0\]\.name: the text has no placeholder \[\[b\.pdf\]\]/,
        ],
        [
          [{ name: 'a.pdf', contents: Buffer.alloc(600 * 1024).toString('base64') }],
          /^files\[0\]\.contents: at most 524288 bytes/,
        ],
        ['a.pdf', /^files: must be a list of files/],
      ]
      for (const [files, reason] of cases) {
        const r = await postJson(s, key, { to: freshNumber(), text: 'See [[a.pdf]]', files })
        assert.equal(r.status, 400, r.text)
        assert.equal(r.body.success, '600')
        assert.match(r.body.error_text, reason)
      }
      assert.equal(await balanceMicro(s, s.userId), before)
      const count = await s.ctx.deps.db
        .selectFrom('seven_files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 1, 'only the file of the message sent before')
    })
  })
})
