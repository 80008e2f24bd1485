// seven's POST /api/sms, legacy GET and DELETE over real HTTP: every parameter, every return
// code, bad input for each answered with its code and nothing charged. Each message is an
// ordinary message of the gateway (the store rows are read to see what it carries).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import {
  balanceMicro,
  codeOf,
  freshNumber,
  postForm,
  postJson,
  sevenKey,
  smsRowOf,
} from '../helpers/seven.js'

describe('seven.io API: /api/sms', () => {
  let s: TestServer
  let key: string
  before(async () => {
    s = await startTestServer()
    key = await sevenKey(s, s.userId)
  })
  after(() => s.close())

  const json = (body: Record<string, unknown>) =>
    postJson(s, key, { to: freshNumber(), text: 'Hello', from: 'Taube', ...body })
  const form = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(s, key, { to: freshNumber(), text: 'Hello', from: 'Taube', ...params }, headers)
  const nowS = () => Math.floor(s.clock.nowMs() / 1000)
  /** Runs `send` and asserts the code, its HTTP status, a reason, and that nothing was charged. */
  async function refused(
    code: string,
    status: number,
    send: () => Promise<{ status: number; text: string; body: any }>,
    reason?: RegExp,
  ) {
    const before = await balanceMicro(s, s.userId)
    const r = await send()
    assert.equal(r.status, status, r.text)
    const got = typeof r.body === 'object' ? r.body.success : codeOf(r as any)
    assert.equal(got, code, r.text)
    const why =
      typeof r.body !== 'object'
        ? r.text.split('\n').slice(1).join('\n')
        : (r.body.error_text ?? r.body.messages?.[0]?.error_text)
    if (reason) assert.match(String(why), reason)
    assert.equal(await balanceMicro(s, s.userId), before, 'nothing charged')
  }

  describe('answers', () => {
    it('JSON with Accept: application/json, one entry per recipient, numeric string ids', async () => {
      const to = freshNumber()
      const r = await postJson(s, key, { to, text: 'Hello World', from: 'AcmeInc' })
      assert.equal(r.status, 200, r.text)
      assert.match(r.headers.get('content-type')!, /^application\/json/)
      const { messages, ...top } = r.body
      assert.deepEqual(top, {
        success: '100',
        total_price: 0.075,
        balance: top.balance,
        debug: 'false',
        sms_type: 'direct',
      })
      assert.equal(typeof top.balance, 'number')
      assert.equal(messages.length, 1)
      const m = messages[0]
      assert.match(m.id, /^\d+$/)
      assert.deepEqual(m, {
        id: m.id,
        sender: 'AcmeInc',
        recipient: to.slice(1),
        text: 'Hello World',
        encoding: 'gsm',
        label: null,
        parts: 1,
        udh: null,
        is_binary: false,
        price: 0.075,
        success: true,
        error: null,
        error_text: null,
      })
      const row = await smsRowOf(s, m.id)
      assert.equal(row.phone, to)
      assert.equal(row.facade_id, m.id)
    })

    it('plain text otherwise: the code alone', async () => {
      const r = await form({})
      assert.equal(r.status, 200)
      assert.match(r.headers.get('content-type')!, /^text\/plain/)
      assert.equal(r.text, '100')
    })

    it('every message gets an id of its own, unique and increasing', async () => {
      const a = await json({})
      const b = await json({})
      assert.ok(BigInt(b.body.messages[0].id) > BigInt(a.body.messages[0].id))
    })

    it('return_msg_id: the id on the second line', async () => {
      const r = await form({ return_msg_id: '1' })
      const [code, id] = r.text.split('\n')
      assert.equal(code, '100')
      assert.match(id!, /^\d+$/)
      assert.equal((await smsRowOf(s, id!)).text, 'Hello')
    })

    it('details: the lines of seven legacy answer', async () => {
      const r = await form({ details: '1', text: 'Test SMS' })
      const lines = r.text.split('\n')
      assert.equal(lines[0], '100')
      assert.equal(lines[1], 'Verbucht: 0.075')
      assert.equal(lines[2], 'Preis: 0.075')
      assert.match(lines[3]!, /^Guthaben: \d+(\.\d+)?$/)
      assert.deepEqual(lines.slice(4), [
        'Text: Test SMS',
        'SMS-Typ: direct',
        'Flash SMS: off',
        'Encoding: ASCII',
        'GSM0338: true',
        'Debug: false',
      ])
    })

    it('json=1: the JSON answer without the Accept header (deprecated)', async () => {
      const r = await form({ json: '1' })
      assert.match(r.headers.get('content-type')!, /^application\/json/)
      assert.equal(JSON.parse(r.text).success, '100')
    })
  })

  describe('parameters', () => {
    it('to: several recipients separated by commas, in the forms seven accepts', async () => {
      const a = freshNumber()
      const b = freshNumber()
      const c = freshNumber()
      const to = `${a}, ${b.slice(1)},00${c.slice(1)}`
      const r = await postJson(s, key, { to, text: 'Many' })
      assert.equal(r.body.success, '100', r.text)
      assert.deepEqual(
        r.body.messages.map((m: { recipient: string }) => m.recipient),
        [a, b, c].map((n) => n.slice(1)),
      )
      assert.equal(r.body.total_price, 0.225)
      assert.equal(new Set(r.body.messages.map((m: { id: string }) => m.id)).size, 3)
    })

    it('to: an array as JSON, a number repeated once', async () => {
      const a = freshNumber()
      const r = await postJson(s, key, { to: [a, a], text: 'Array' })
      assert.equal(r.body.messages.length, 1)
    })

    it('to: the name of a group of the account, and of a contact', async () => {
      const [n1, n2, n3] = [freshNumber(), freshNumber(), freshNumber()]
      const g = await s.request('/groups', {
        token: s.token,
        body: {
          name: 'Stammgäste',
          phones: [
            { phone: n1, a: 'Anna', b: 'Berg' },
            { phone: n2, a: 'Bert' },
          ],
        },
      })
      assert.equal(g.status, 201, g.text)
      const group = await postJson(s, key, { to: 'stammgäste', text: 'To the group' })
      assert.equal(group.body.success, '100', group.text)
      const got = group.body.messages.map((m: { recipient: string }) => m.recipient).sort()
      assert.deepEqual(got, [n1, n2].map((n) => n.slice(1)).sort())
      const contact = await postJson(s, key, { to: `Anna Berg,${n3}`, text: 'To a contact' })
      assert.deepEqual(
        contact.body.messages.map((m: { recipient: string }) => m.recipient),
        [n1.slice(1), n3.slice(1)],
      )
    })

    it('to: a name of no group or contact is an invalid recipient (202)', async () => {
      await refused('202', 400, () => json({ to: 'NoSuchGroup' }), /NoSuchGroup/)
    })

    it('from: the sender as given; absent, a default sender', async () => {
      const r = await json({ from: '4917012345' })
      assert.equal((await smsRowOf(s, r.body.messages[0].id)).sender_id, '4917012345')
      const none = await postJson(s, key, { to: freshNumber(), text: 'No sender' })
      assert.equal(none.body.success, '100')
      assert.ok((await smsRowOf(s, none.body.messages[0].id)).sender_id.length > 0)
    })

    it('from: too long, bad characters, wrong type: 201', async () => {
      await refused('201', 400, () => json({ from: 'TwelveLetter' }), /^from: /)
      await refused('201', 400, () => json({ from: 'Acme!' }))
      await refused('201', 400, () => json({ from: '12345678901234567' }))
      await refused('201', 400, () => json({ from: { name: 'x' } }), /^from: /)
    })

    it('delay: a unix timestamp, milliseconds (the official client), and YYYY-MM-DD hh:mm:ss', async () => {
      const at = nowS() + 3600
      const unix = await json({ delay: at })
      assert.equal((await smsRowOf(s, unix.body.messages[0].id)).delivery_at, at)
      const ms = await json({ delay: at * 1000 + 123 })
      assert.equal((await smsRowOf(s, ms.body.messages[0].id)).delivery_at, at)
      // 2026-01-15 14:00 in Berlin (CET, UTC+1) is 13:00 UTC: the test clock's noon + 1 h.
      const local = await form({ delay: '2026-01-15 14:00:00', return_msg_id: '1' })
      const id = local.text.split('\n')[1]!
      assert.equal((await smsRowOf(s, id)).delivery_at, Date.UTC(2026, 0, 15, 13) / 1000)
    })

    it('delay: not a time, or too far ahead: refused (600) naming delay', async () => {
      await refused('600', 400, () => json({ delay: 'tomorrow' }), /^delay: /)
      await refused('600', 400, () => json({ delay: true }), /^delay: /)
      await refused('600', 400, () => json({ delay: nowS() + 400 * 86400 }), /^delay: /)
    })

    it('flash: a class 0 message', async () => {
      const r = await form({ flash: '1', return_msg_id: '1' })
      assert.equal((await smsRowOf(s, r.text.split('\n')[1]!)).message_class, 0)
      const plain = await json({ flash: false })
      assert.equal((await smsRowOf(s, plain.body.messages[0].id)).message_class, null)
      await refused('600', 400, () => json({ flash: 'maybe' }), /^flash: /)
    })

    it('ttl: the validity in minutes, 2880 by default', async () => {
      const r = await json({ ttl: 60 })
      const row = await smsRowOf(s, r.body.messages[0].id)
      assert.equal(row.valid_until, s.clock.nowMs() + 60 * 60_000)
      await refused('600', 400, () => json({ ttl: 0 }), /^ttl: /)
      await refused('600', 400, () => json({ ttl: 'long' }), /^ttl: /)
    })

    it('label: stored with the message; too long or bad characters refused', async () => {
      const r = await json({ label: 'news-2026.12_a@b' })
      assert.equal(r.body.messages[0].label, 'news-2026.12_a@b')
      assert.equal((await smsRowOf(s, r.body.messages[0].id)).label, 'news-2026.12_a@b')
      await refused('600', 400, () => json({ label: 'x'.repeat(101) }), /^label: .*100/)
      await refused('600', 400, () => json({ label: 'no spaces' }), /^label: /)
      await refused('600', 400, () => json({ label: ['a'] }), /^label: /)
    })

    it('foreign_id: stored for the status callbacks; too long or bad characters refused', async () => {
      const r = await json({ foreign_id: 'order-4711@shop' })
      const row = await s.ctx.deps.db
        .selectFrom('seven_messages')
        .selectAll()
        .where('id', '=', Number(r.body.messages[0].id))
        .executeTakeFirstOrThrow()
      assert.equal(row.foreign_id, 'order-4711@shop')
      await refused('600', 400, () => json({ foreign_id: 'x'.repeat(65) }), /^foreign_id: .*64/)
      await refused('600', 400, () => json({ foreign_id: 'ä' }), /^foreign_id: /)
    })

    it('unicode: forces UCS-2; utf8 is accepted', async () => {
      const r = await json({ unicode: 1, utf8: '1' })
      assert.equal(r.body.messages[0].encoding, 'ucs2')
      assert.equal((await smsRowOf(s, r.body.messages[0].id)).is_unicode, 1)
      const auto = await json({ text: 'Привет' })
      assert.equal(auto.body.messages[0].encoding, 'ucs2')
      await refused('600', 400, () => json({ unicode: 'x' }), /^unicode: /)
    })

    it('udh with a hex text: an 8-bit binary message with the UDH as given', async () => {
      const r = await json({ udh: '050003CC0201', text: 'DEADBEEF' })
      assert.equal(r.body.success, '100', r.text)
      assert.equal(r.body.messages[0].is_binary, true)
      assert.equal(r.body.messages[0].udh, '050003CC0201')
      const row = await smsRowOf(s, r.body.messages[0].id)
      assert.equal(row.is_binary, 1)
      assert.equal(row.udh, '050003cc0201')
      assert.equal(row.text, 'deadbeef')
    })

    it('udh: not hex, or not a header: refused naming udh', async () => {
      await refused('600', 400, () => json({ udh: '05000', text: 'DEADBEEF' }), /^udh: /)
      await refused('600', 400, () => json({ udh: 'ZZ0003CC0201', text: 'DEADBEEF' }), /^udh: /)
      await refused('600', 400, () => json({ udh: '090003CC0201', text: 'DEADBEEF' }), /^udh: /)
    })

    it('is_binary: the text is hex data; a text that is not hex is 305', async () => {
      const r = await json({ is_binary: true, text: '0102030405' })
      assert.equal(r.body.messages[0].is_binary, true)
      assert.equal((await smsRowOf(s, r.body.messages[0].id)).text, '0102030405')
      await refused('305', 400, () => json({ is_binary: true, text: 'not hex' }), /^text: /)
      await refused('305', 400, () => json({ is_binary: '1', text: 'ABC' }), /^text: /)
    })

    it('performance_tracking: accepted and recorded with the message', async () => {
      const r = await json({ performance_tracking: true, text: 'See https://example.com' })
      const row = await s.ctx.deps.db
        .selectFrom('seven_messages')
        .selectAll()
        .where('id', '=', Number(r.body.messages[0].id))
        .executeTakeFirstOrThrow()
      assert.equal(row.performance_tracking, 1)
      await refused('600', 400, () => json({ performance_tracking: [] }))
    })

    it('no_reload: the same text to the same number again within 180 s is 402 unless set', async () => {
      const to = freshNumber()
      assert.equal((await form({ to, text: 'Once' })).text, '100')
      await refused('402', 409, () => form({ to, text: 'Once' }), /180/)
      assert.equal((await form({ to, text: 'Other text' })).text, '100')
      assert.equal((await form({ to, text: 'Once', no_reload: '1' })).text, '100')
      s.clock.advance(181_000)
      assert.equal((await form({ to, text: 'Once' })).text, '100')
    })

    it('no_reload: of the same text sent at the same instant, one goes and the others are 402', async () => {
      const to = freshNumber()
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => form({ to, text: 'At once' })),
      )
      const codes = answers.map((a) => a.text.split('\n')[0]).sort()
      assert.deepEqual(codes, ['100', '402', '402', '402', '402', '402'])
    })

    it('files: accepted in the request', async () => {
      const r = await json({
        text: 'See [[a.pdf]]',
        files: [{ name: 'a.pdf', contents: 'JVBERi0=' }],
      })
      assert.equal(r.status, 200, r.text)
    })

    it('the legacy GET with p=: plain text answers', async () => {
      const q = new URLSearchParams({
        p: key,
        to: freshNumber(),
        text: 'meine erste nachricht',
        from: 'seven.io',
        return_msg_id: '1',
      })
      const r = await s.request(`/api/sms?${q}`)
      assert.equal(r.status, 400, r.text)
      assert.match(r.text, /^201\n/, 'seven.io has a dot: not a valid sender here')
      q.set('from', 'sevenio')
      const ok = await s.request(`/api/sms?${q}`)
      assert.match(ok.text, /^100\n\d+$/)
    })
  })

  describe('return codes', () => {
    it('301: to missing or empty', async () => {
      await refused('301', 400, () => postJson(s, key, { text: 'No one' }), /^to: /)
      await refused('301', 400, () => form({ to: ' , ' }))
    })

    it('202: an invalid number; a wrong type of to', async () => {
      await refused('202', 400, () => json({ to: '+49' }), /^to: /)
      await refused('202', 400, () => json({ to: { n: 1 } }), /^to: /)
    })

    it('202 for the whole request: more than 1,000 recipients, nothing sent', async () => {
      const many = Array.from({ length: 1001 }, (_, i) => `+4917200${String(i).padStart(5, '0')}`)
      await refused('202', 400, () => json({ to: many.join(',') }), /more than 1000/)
      const sent = await s.ctx.deps.db
        .selectFrom('sms')
        .select('uuid')
        .where('phone', '=', many[0]!)
        .execute()
      assert.deepEqual(sent, [])
    })

    it('305: text missing, empty or of a wrong type', async () => {
      await refused('305', 400, () => postJson(s, key, { to: freshNumber() }), /^text: /)
      await refused('305', 400, () => json({ text: '' }))
      await refused('305', 400, () => json({ text: { a: 1 } }), /^text: /)
    })

    it('401: text too long', async () => {
      await refused('401', 400, () => json({ text: 'x'.repeat(1600) }), /^text: /)
    })

    it('101: sent to some recipients, not to others', async () => {
      const good = freshNumber()
      const before = await balanceMicro(s, s.userId)
      const r = await postJson(s, key, { to: `${good},+49,NoSuchGroup`, text: 'Partly' })
      assert.equal(r.status, 200)
      assert.equal(r.body.success, '101')
      const [ok, bad, unknown] = r.body.messages
      assert.equal(ok.success, true)
      assert.equal(bad.success, false)
      assert.equal(bad.error, '202')
      assert.match(bad.error_text, /^to: /)
      assert.equal(bad.id, null)
      assert.equal(unknown.error, '202')
      assert.equal(r.body.total_price, 0.075)
      assert.equal(await balanceMicro(s, s.userId), before - 75_000)
      const text = await postForm(s, key, { to: `${freshNumber()},+49`, text: 'Partly' })
      assert.match(text.text, /^101\n/)
    })

    it('500: the balance does not cover the message', async () => {
      const poor = await s.createAccount({ balance: '0.01' })
      const poorKey = await sevenKey(s, poor.userId)
      const r = await postForm(s, poorKey, { to: freshNumber(), text: 'Poor' })
      assert.equal(r.status, 402)
      assert.equal(codeOf(r), '500')
      assert.equal(await balanceMicro(s, poor.userId), 10_000)
    })

    it('600 with the HTTP status of the problem: a body that is not JSON', async () => {
      const r = await s.request('/api/sms', {
        method: 'POST',
        headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' },
        rawBody: '{"to":',
      })
      assert.equal(r.status, 400)
      assert.equal(codeOf(r), '600')
    })
  })

  describe('DELETE /api/sms', () => {
    const del = (body: unknown) =>
      s.request('/api/sms', { method: 'DELETE', headers: { 'X-Api-Key': key }, body })

    it('cancels scheduled messages by id and refunds them', async () => {
      const r = await postJson(s, key, {
        to: `${freshNumber()},${freshNumber()}`,
        text: 'Later',
        delay: nowS() + 3600,
      })
      const ids = r.body.messages.map((m: { id: string }) => m.id)
      const before = await balanceMicro(s, s.userId)
      const d = await del({ ids: ids.map(Number) })
      assert.equal(d.status, 200, d.text)
      assert.deepEqual(d.body, { success: true, deleted: ids })
      assert.equal(await balanceMicro(s, s.userId), before + 150_000)
      assert.equal((await smsRowOf(s, ids[0])).state, 'cancelled')
      // Again: nothing left to cancel.
      assert.deepEqual((await del({ ids: ids.join(',') })).body, { success: false, deleted: [] })
    })

    it("ids of no message of the account are not deleted; another account's neither", async () => {
      const other = await s.createAccount()
      const otherKey = await sevenKey(s, other.userId)
      const r = await postJson(s, otherKey, { to: freshNumber(), text: 'Mine', delay: nowS() + 60 })
      const d = await del({ ids: [r.body.messages[0].id, '999999999'] })
      assert.deepEqual(d.body, { success: false, deleted: [] })
      assert.equal((await smsRowOf(s, r.body.messages[0].id)).state, 'scheduled')
    })

    it('ids missing or not ids: 600 naming ids', async () => {
      for (const body of [{}, { ids: [] }, { ids: ['abc'] }, { ids: [{}] }]) {
        const d = await del(body)
        assert.equal(d.status, 400, `${JSON.stringify(body)}: ${d.text}`)
        assert.match(d.text, /^600\nids(\[\d\])?: /)
      }
    })
  })
})

describe('seven.io API: the daily limit per recipient (TAUBE_SEVEN_DAILY_LIMIT)', () => {
  let s: TestServer
  let key: string
  before(async () => {
    s = await startTestServer({ sevenDailyLimit: 2 })
    key = await sevenKey(s, s.userId)
  })
  after(() => s.close())

  it('403 once the number had its messages in 24 h, whatever the text; nothing charged', async () => {
    const to = freshNumber()
    assert.equal((await postForm(s, key, { to, text: 'One' })).text, '100')
    assert.equal((await postForm(s, key, { to, text: 'Two' })).text, '100')
    const before = await balanceMicro(s, s.userId)
    const third = await postForm(s, key, { to, text: 'Three' })
    assert.equal(third.status, 429)
    assert.equal(codeOf(third), '403')
    assert.equal(await balanceMicro(s, s.userId), before)
    // Another number is not limited; 24 h later this one is not either.
    assert.equal((await postForm(s, key, { to: freshNumber(), text: 'Three' })).text, '100')
    s.clock.advance(24 * 3600_000 + 1000)
    assert.equal((await postForm(s, key, { to, text: 'Three' })).text, '100')
  })
})

describe('seven.io API: without TAUBE_SEVEN_DAILY_LIMIT', () => {
  it('the limit is off by default', async () => {
    const s = await startTestServer()
    try {
      assert.equal(s.ctx.config.sevenDailyLimit, 0)
    } finally {
      await s.close()
    }
  })
})
