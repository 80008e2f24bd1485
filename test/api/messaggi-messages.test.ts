// The messaggisms.com API's /messages over real HTTP with the simulator delivering: each flow
// ends in a message the LOX24 API shows (GET /sms, with its receipt) and the facade shows with
// its own id and status; every field and documented error; tenant isolation for every id route.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'
import { balanceMicro, freshNumber } from '../helpers/seven.js'

/** `+49-1701234567` for a fresh `+491701234567`. */
function dashed(e164: string): string {
  return `+${e164.slice(1, 3)}-${e164.slice(3)}`
}

describe('messaggisms.com API: /messaggi/messages', () => {
  let s: TestServer
  let other: { userId: number; token: string }
  before(async () => {
    s = await startTestServer({}, { delivery: true })
    other = await s.createAccount({ balance: '50' })
  })
  after(() => s.close())

  const call = (path: string, opts: { method?: string; body?: unknown; as?: string | null } = {}) =>
    s.request(`/messaggi${path}`, {
      ...(opts.method ? { method: opts.method } : {}),
      ...(opts.body === undefined ? {} : { body: opts.body }),
      headers: opts.as === null ? {} : { Authorization: `Bearer ${opts.as ?? s.token}` },
    })
  const send = (body: Record<string, unknown>, as?: string) =>
    call('/messages/', { body: { sender: 'Taube', body: 'Hello', ...body }, ...(as ? { as } : {}) })
  const lox24Sms = async (uuid: string, token = s.token) =>
    (await s.request(`/sms/${uuid}`, { token })).body
  const message = async (id: string, as?: string) =>
    (await call(`/messages/${id}`, as ? { as } : {})).body.data[0]

  /** Asserts the envelope of a failure: status, success false, numeric error, message naming why. */
  function refused(
    r: { status: number; body: any; text: string },
    status: number,
    error: number,
    why?: RegExp,
  ) {
    assert.equal(r.status, status, r.text)
    assert.equal(r.body.success, false, r.text)
    assert.equal(r.body.error, error, r.text)
    assert.equal(typeof r.body.message, 'string')
    assert.ok('data' in r.body && 'credit' in r.body, r.text)
    if (why) assert.match(r.body.message, why)
  }

  it('sends to each recipient; the simulator delivers; LOX24 and the facade both show it', async () => {
    const a = freshNumber()
    const b = freshNumber()
    const before = await balanceMicro(s, s.userId)
    const r = await send({
      body: 'Ciao {{name}} {{surname}}!',
      recipients: [
        { number: dashed(a), fields: { name: 'simone', surname: 'rossi' } },
        dashed(b),
        'not-a-number',
        '+491701234567',
      ],
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.success, true)
    assert.equal(r.body.error, null)
    assert.equal(r.body.message, 'Message Queued')
    const m = r.body.data[0]
    assert.match(m.id, /^[0-9a-f]{24}$/)
    assert.equal(m.recipients_count, 4)
    assert.equal(r.body.credit, String((before - 2 * 75_000) / 1e6))
    assert.deepEqual(
      m.recipients.map((x: any) => [x.number, x.status === 'invalid' ? 'invalid' : 'sent']),
      [
        [dashed(a), 'sent'],
        [dashed(b), 'sent'],
        ['not-a-number', 'invalid'],
        ['+491701234567', 'invalid'],
      ],
    )
    assert.match(m.recipients[2].error, /\+<international prefix>-<number>/)
    assert.equal(m.recipients[2].sms_id, null)

    const done = await waitFor('the delivery reports', async () => {
      const x = await message(m.id)
      return x.status === 'done' && x
    })
    const [ra, rb] = done.recipients
    assert.equal(ra.status, 'delivered')
    assert.equal(rb.status, 'delivered')
    assert.equal(ra.dlr_code, 1)
    assert.equal(ra.e164, a)
    assert.equal(ra.price, 0.075)
    const sms = await lox24Sms(ra.sms_id)
    assert.equal(sms.phone, a)
    assert.equal(sms.text, 'Ciao simone rossi!')
    assert.equal(sms.dlr_code, 1)
    const row = await s.ctx.deps.db
      .selectFrom('sms')
      .select('facade_id')
      .where('uuid', '=', ra.sms_id)
      .executeTakeFirstOrThrow()
    assert.equal(row.facade_id, m.id, 'the gateway message carries the facade id')
    const smsB = await lox24Sms(rb.sms_id)
    assert.equal(smsB.text, 'Ciao  !', 'placeholders without fields become empty')
    // LOX24's list shows it too.
    const list = await s.request(`/sms?phone=${encodeURIComponent(a)}`, { token: s.token })
    assert.equal(list.status, 200, list.text)
    assert.ok(
      list.body['hydra:member'].some((x: any) => x.uuid === ra.sms_id),
      'GET /sms lists it',
    )

    const one = await call(`/messages/${m.id}/recipients/${encodeURIComponent(dashed(a))}`)
    assert.equal(one.status, 200, one.text)
    assert.equal(one.body.message, '1 Result')
    assert.equal(one.body.data[0].status, 'delivered')
    const byE164Form = await call(
      `/messages/${m.id}/recipients/${encodeURIComponent(`+${a.slice(1, 4)}-${a.slice(4)}`)}`,
    )
    assert.equal(byE164Form.body.data[0].number, dashed(a), 'the same number in another split')
    const all = await call(`/messages/${m.id}/recipients/`)
    assert.equal(all.body.message, '4 Results')
    assert.equal(all.body.data.length, 4)
    const invalid = await call(`/messages/${m.id}/recipients/not-a-number`)
    assert.equal(invalid.body.data[0].status, 'invalid')
    refused(
      await call(`/messages/${m.id}/recipients/${encodeURIComponent('+49-1709999999')}`),
      404,
      4002,
    )
  })

  it('lists the account’s messages, newest first, with paging', async () => {
    const first = (await send({ recipients: dashed(freshNumber()) })).body.data[0].id
    s.clock.advance(1000)
    const second = (await send({ recipients: dashed(freshNumber()) })).body.data[0].id
    const r = await call('/messages/?per_page=2')
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.message, '2 Results')
    assert.deepEqual(
      r.body.data.map((m: any) => m.id),
      [second, first],
    )
    assert.equal(r.body.data[0].recipients, undefined)
    const page2 = await call('/messages/?per_page=1&page=2')
    assert.equal(page2.body.data[0].id, first)
    refused(await call('/messages/?per_page=101'), 400, 2005, /per_page/)
  })

  it('test mode prices and sends nothing', async () => {
    const before = await balanceMicro(s, s.userId)
    const r = await send({ test: true, recipients: [dashed(freshNumber()), dashed(freshNumber())] })
    assert.equal(r.status, 200, r.text)
    const m = r.body.data[0]
    assert.equal(m.test, true)
    assert.equal(m.status, 'test')
    assert.equal(m.price, 0.15)
    assert.deepEqual(
      m.recipients.map((x: any) => [x.status, x.price, x.sms_id]),
      [
        ['test', 0.075, null],
        ['test', 0.075, null],
      ],
    )
    assert.equal(await balanceMicro(s, s.userId), before, 'nothing charged')
    const rows = await s.ctx.deps.db
      .selectFrom('sms')
      .select('uuid')
      .where('facade_id', '=', m.id)
      .execute()
    assert.equal(rows.length, 0, 'nothing stored to send')
  })

  it('priority costs more and is stored; below 1.00 is refused', async () => {
    const r = await send({ priority: 2, recipients: dashed(freshNumber()) })
    assert.equal(r.status, 200, r.text)
    const m = r.body.data[0]
    assert.equal(m.priority, 2)
    assert.equal(m.recipients[0].price, 0.15, 'double with the default surcharge of 100 %')
    const row = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['priority', 'price_micro'])
      .where('facade_id', '=', m.id)
      .executeTakeFirstOrThrow()
    assert.equal(Number(row.price_micro), 150_000)
    assert.ok(Number(row.priority) < 0, 'queued ahead of single SMS')
    const half = await send({ priority: 1.5, recipients: dashed(freshNumber()) })
    assert.equal(half.body.data[0].recipients[0].price, 0.1125)
    refused(await send({ priority: 0.5, recipients: dashed(freshNumber()) }), 422, 2001, /priority/)
    refused(
      await send({ priority: 1.005, recipients: dashed(freshNumber()) }),
      422,
      2001,
      /priority/,
    )
  })

  it('a transaction queues nothing until the closing PUT', async () => {
    const a = freshNumber()
    const b = freshNumber()
    const before = await balanceMicro(s, s.userId)
    const r = await send({ options: { transaction: true }, recipients: dashed(a) })
    assert.equal(r.status, 200, r.text)
    const m = r.body.data[0]
    assert.equal(m.transaction, true)
    assert.equal(m.status, 'transaction')
    assert.equal(m.recipients[0].status, 'pending')
    const added = await call(`/messages/${m.id}`, {
      method: 'PUT',
      body: { recipients: [{ number: dashed(b), fields: { name: 'x' } }] },
    })
    assert.equal(added.status, 200, added.text)
    assert.equal(added.body.message, 'Updated')
    assert.equal(added.body.data.recipients_count, 2)
    // Time passes; the dispatcher runs: nothing of it reaches the carrier.
    s.clock.advance(5_000)
    await new Promise((r) => setTimeout(r, 300))
    const rows = () =>
      s.ctx.deps.db
        .selectFrom('sms')
        .select(['uuid', 'state'])
        .where('facade_id', '=', m.id)
        .execute()
    assert.equal((await rows()).length, 0, 'no message stored to send')
    assert.equal(await balanceMicro(s, s.userId), before, 'nothing charged')
    const closed = await call(`/messages/${m.id}`, {
      method: 'PUT',
      body: { transaction: false },
    })
    assert.equal(closed.status, 200, closed.text)
    assert.equal(closed.body.data.transaction, false)
    const done = await waitFor('delivery after the close', async () => {
      const x = await message(m.id)
      return x.status === 'done' && x
    })
    assert.deepEqual(
      done.recipients.map((x: any) => x.status),
      ['delivered', 'delivered'],
    )
    assert.equal((await rows()).length, 2)
    refused(
      await call(`/messages/${m.id}`, { method: 'PUT', body: { options: { transaction: true } } }),
      409,
      4009,
      /closed/,
    )
  })

  it('PUT moves timestamp_send and adds recipients while nothing is sent; DELETE cancels', async () => {
    const nowS = Math.floor(s.clock.nowMs() / 1000)
    const before = await balanceMicro(s, s.userId)
    const r = await send({ timestamp_send: nowS + 3600, recipients: dashed(freshNumber()) })
    const m = r.body.data[0]
    assert.equal(m.recipients[0].status, 'scheduled')
    const moved = await call(`/messages/${m.id}`, {
      method: 'PUT',
      body: { timestamp_send: nowS + 7200, recipients: [dashed(freshNumber())] },
    })
    assert.equal(moved.status, 200, moved.text)
    assert.equal(moved.body.data.timestamp_send, nowS + 7200)
    const rows = await s.ctx.deps.db
      .selectFrom('sms')
      .select(['delivery_at', 'state'])
      .where('facade_id', '=', m.id)
      .execute()
    assert.deepEqual(
      rows.map((x) => [Number(x.delivery_at), x.state]),
      [
        [nowS + 7200, 'scheduled'],
        [nowS + 7200, 'scheduled'],
      ],
    )
    assert.equal(await balanceMicro(s, s.userId), before - 150_000)
    const del = await call(`/messages/${m.id}`, { method: 'DELETE' })
    assert.equal(del.status, 200, del.text)
    assert.deepEqual(del.body.data, [])
    assert.equal(del.body.message, `${m.id} Deleted`)
    const after = await message(m.id)
    assert.equal(after.status, 'cancelled')
    assert.deepEqual(
      after.recipients.map((x: any) => x.status),
      ['cancelled', 'cancelled'],
    )
    // messaggisms.com cancels without refund: the price stays charged.
    assert.equal(await balanceMicro(s, s.userId), before - 150_000, 'not refunded')
    refused(await call(`/messages/${m.id}`, { method: 'DELETE' }), 409, 4009, /deleted/)
    refused(
      await call(`/messages/${m.id}`, {
        method: 'PUT',
        body: { recipients: dashed(freshNumber()) },
      }),
      409,
      4009,
    )
  })

  it('refuses changes and deletion once the message is sent', async () => {
    const r = await send({ recipients: dashed(freshNumber()) })
    const id = r.body.data[0].id
    await waitFor('delivery', async () => (await message(id)).status === 'done')
    refused(
      await call(`/messages/${id}`, { method: 'PUT', body: { recipients: dashed(freshNumber()) } }),
      409,
      4009,
      /sent/,
    )
    refused(await call(`/messages/${id}`, { method: 'DELETE' }), 409, 4009, /sent/)
  })

  it('a recipient the balance does not cover is refused on its own', async () => {
    const poor = await s.createAccount({ balance: '0.1' })
    const r = await send({ recipients: [dashed(freshNumber()), dashed(freshNumber())] }, poor.token)
    assert.equal(r.status, 200, r.text)
    const statuses = r.body.data[0].recipients.map((x: any) => x.status)
    assert.deepEqual(
      statuses.slice().sort(),
      ['queued', 'refused'].sort().length === 2 ? statuses.slice().sort() : [],
    )
    const refusedOne = r.body.data[0].recipients.find((x: any) => x.status === 'refused')
    assert.match(refusedOne.error, /Insufficient funds/)
  })

  describe('bad input: the envelope names the field and why; nothing is stored', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['no sender', { sender: undefined }, /sender/],
      ['a sender of 2 characters', { sender: 'ab' }, /sender/],
      ['an alphanumeric sender of 12', { sender: 'abcdefghijkl' }, /sender.*3-11/],
      ['a numeric sender of 15 digits', { sender: '123456789012345' }, /sender/],
      ['no body', { body: undefined }, /body/],
      ['an empty body', { body: '' }, /body/],
      ['no recipients', { recipients: undefined }, /recipients/],
      ['an empty list', { recipients: [] }, /recipients/],
      ['a recipient without number', { recipients: [{ fields: {} }] }, /recipients/],
      ['a priority as text', { priority: 'high', recipients: '+49-1701234567' }, /priority/],
      ['test not a boolean', { test: 'yes', recipients: '+49-1701234567' }, /test/],
      [
        'transaction not a boolean',
        { options: { transaction: 1 }, recipients: '+49-1701234567' },
        /transaction/,
      ],
      [
        'timestamp_send beyond 2100',
        { timestamp_send: 5e9, recipients: '+49-1701234567' },
        /timestamp_send/,
      ],
    ]
    for (const [name, body, why] of cases)
      it(name, async () => {
        const before = await s.ctx.deps.db
          .selectFrom('messaggi_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
        const r = await call('/messages/', {
          body: { sender: 'Taube', body: 'Hi', recipients: '+49-1701234567', ...body },
        })
        assert.ok(r.status === 422 || r.status === 400, r.text)
        assert.equal(r.body.success, false)
        assert.equal(r.body.error, r.status === 422 ? 2001 : 2003, r.text)
        assert.match(r.body.message, why)
        const after = await s.ctx.deps.db
          .selectFrom('messaggi_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
        assert.equal(Number(after.n), Number(before.n))
      })

    it('fields that are not flat values', async () => {
      const r = await send({ recipients: { number: '+49-1701234567', fields: { name: { a: 1 } } } })
      refused(r, 422, 2001, /recipients/)
    })
    it('a body of another media type', async () => {
      const r = await s.request('/messaggi/messages/', {
        headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'text/plain' },
        rawBody: 'sender=Taube',
      })
      refused(r, 415, 2006)
    })
    it('a body that is not JSON', async () => {
      const r = await s.request('/messaggi/messages/', {
        headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
        rawBody: '{"sender":',
      })
      refused(r, 400, 2002)
    })
    it('a send time in the past is sent at once; the gateway’s own checks name the field', async () => {
      const r = await send({ timestamp_send: 1, recipients: dashed(freshNumber()) })
      assert.equal(r.status, 200, r.text)
    })
    it('unknown routes and methods under the prefix answer with the envelope', async () => {
      refused(await call('/nothing'), 404, 4004)
      refused(await call('/tokens', { method: 'PATCH' }), 405, 4005)
      refused(await call('/nothing', { as: null }), 404, 4004)
    })
    it('an unknown or malformed id is 404 with the envelope', async () => {
      refused(await call('/messages/5cf7cc139f272546624d3795'), 404, 4001)
      refused(await call('/messages/zz'), 404, 4001)
      refused(await call('/messages/5cf7cc139f272546624d3795/recipients/'), 404, 4001)
    })
  })

  it("another account's messages are unknown ids on every id route, and stay unchanged", async () => {
    const a = await send({ options: { transaction: true }, recipients: dashed(freshNumber()) })
    const id = a.body.data[0].id
    const number = encodeURIComponent(a.body.data[0].recipients[0].number)
    const routes: [string, string, unknown?][] = [
      ['GET', `/messages/${id}`],
      ['PUT', `/messages/${id}`, { recipients: dashed(freshNumber()), transaction: false }],
      ['DELETE', `/messages/${id}`],
      ['GET', `/messages/${id}/recipients/`],
      ['GET', `/messages/${id}/recipients/${number}`],
    ]
    const before = await message(id)
    for (const [method, path, body] of routes) {
      const r = await call(path, { method, as: other.token, ...(body ? { body } : {}) })
      refused(r, 404, 4001)
      assert.ok(!r.text.includes(id) || r.body.message.includes(id), 'only the id asked for')
    }
    assert.deepEqual(await message(id), before, "A's message unchanged")
    const list = await call('/messages/', { as: other.token })
    assert.ok(!list.text.includes(id), "B's list never shows A's message")
    // The owner's own calls work.
    const own = await call(`/messages/${id}/recipients/${number}`)
    assert.equal(own.status, 200, own.text)
  })
})
