// Bearer tokens of the messaggisms.com API over real HTTP: made with the account's API key or a
// token, shown once and stored hashed, limited by scopes and expiry; every refusal in the
// envelope with its number and HTTP status; another account's token ids are unknown ones.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { startTestServer, type TestServer } from '../helpers/test-server.js'
import { freshNumber } from '../helpers/seven.js'

describe('messaggisms.com API: /messaggi/tokens', () => {
  let s: TestServer
  let other: { userId: number; token: string }
  before(async () => {
    s = await startTestServer()
    other = await s.createAccount()
  })
  after(() => s.close())

  const call = (
    path: string,
    bearer: string | null,
    opts: { method?: string; body?: unknown } = {},
  ) =>
    s.request(`/messaggi${path}`, {
      ...opts,
      headers: bearer === null ? {} : { Authorization: `Bearer ${bearer}` },
    })
  const nowS = () => Math.floor(s.clock.nowMs() / 1000)
  const newToken = async (body: Record<string, unknown>, as = s.token) => {
    const r = await call('/tokens', as, {
      body: { name: 'CRM', scopes: ['messages:read', 'messages:write'], ...body },
    })
    assert.equal(r.status, 200, r.text)
    return r.body.data as { id: number; token: string; scopes: string[]; expires_at: number | null }
  }
  const sendWith = (bearer: string | null) =>
    call('/messages/', bearer, {
      body: { sender: 'Taube', body: 'Hi', recipients: `+49-${freshNumber().slice(3)}` },
    })
  function refused(
    r: { status: number; body: any; text: string },
    status: number,
    error: number,
    why?: RegExp,
  ) {
    assert.equal(r.status, status, r.text)
    assert.equal(r.body.success, false, r.text)
    assert.equal(r.body.error, error, r.text)
    if (why) assert.match(r.body.message, why)
  }

  it('creates a token with the API key, shows it once, stores only its hash', async () => {
    const r = await call('/tokens', s.token, {
      body: { name: 'CRM', expires_at: nowS() + 3600, scopes: ['messages:read', 'messages:write'] },
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.success, true)
    assert.equal(r.body.error, null)
    assert.equal(r.body.message, 'Token Created')
    assert.equal(typeof r.body.credit, 'string')
    const t = r.body.data
    assert.match(t.token, /^mgs_[a-z0-9]{40}$/)
    assert.equal(t.name, 'CRM')
    assert.equal(t.expires_at, nowS() + 3600)
    assert.deepEqual(t.scopes, ['messages:read', 'messages:write'])
    assert.equal(t.hint, t.token.slice(0, 8))
    const row = await s.ctx.deps.db
      .selectFrom('messaggi_tokens')
      .selectAll()
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.token_hash, createHash('sha256').update(t.token).digest('hex'))
    assert.ok(!JSON.stringify(row).includes(t.token), 'the token itself is not stored')
    const list = await call('/tokens', t.token)
    assert.equal(list.status, 200, list.text)
    const listed = list.body.data.find((x: any) => x.id === t.id)
    assert.deepEqual(Object.keys(listed).sort(), [
      'created_at',
      'expires_at',
      'hint',
      'id',
      'name',
      'scopes',
    ])
    assert.ok(!list.text.includes(t.token), 'never shown again')
    // It sends.
    const sent = await sendWith(t.token)
    assert.equal(sent.status, 200, sent.text)
  })

  it('accepts the API key as <user_id>:<token> and as the token alone; dates as ISO text', async () => {
    const bare = s.token.split(':')[1]!
    const r = await sendWith(bare)
    assert.equal(r.status, 200, r.text)
    const t = await newToken({ expires_at: '2100-01-01' })
    assert.equal(t.expires_at, Date.UTC(2100, 0, 1) / 1000)
    const t2 = await newToken({ expires_at: '2099-06-30 12:00' })
    assert.equal(t2.expires_at, Date.UTC(2099, 5, 30, 12) / 1000)
    const never = await newToken({})
    assert.equal(never.expires_at, null)
  })

  it('refuses unknown, missing and expired tokens with 401 and the envelope', async () => {
    refused(await sendWith(null), 401, 1001)
    refused(await sendWith('mgs_unknowntoken'), 401, 1001)
    refused(await sendWith('1234567:wrong'), 401, 1001)
    const t = await newToken({ expires_at: nowS() + 60 })
    assert.equal((await sendWith(t.token)).status, 200)
    s.clock.advance(61_000)
    refused(await sendWith(t.token), 401, 1002, /expired/)
    refused(await call('/tokens', t.token), 401, 1002)
  })

  it('limits a token to its scopes (403)', async () => {
    const reader = await newToken({ scopes: ['messages:read'] })
    refused(await sendWith(reader.token), 403, 1003, /messages:write/)
    assert.equal((await call('/messages/', reader.token)).status, 200)
    const writer = await newToken({ scopes: ['messages:write'] })
    refused(await call('/messages/', writer.token), 403, 1003, /messages:read/)
    assert.equal((await sendWith(writer.token)).status, 200)
    // No widening: a reader cannot make a writer, nor a token that outlives it.
    refused(
      await call('/tokens', reader.token, { body: { name: 'x', scopes: ['messages:write'] } }),
      403,
      1003,
    )
    refused(await call(`/tokens/${writer.id}`, reader.token, { method: 'DELETE' }), 403, 1003)
    const short = await newToken({ expires_at: nowS() + 100 })
    refused(
      await call('/tokens', short.token, {
        body: { name: 'x', scopes: ['messages:read'], expires_at: nowS() + 200 },
      }),
      422,
      2001,
      /expires_at/,
    )
  })

  it('refuses bad token requests naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: '' }, /name/],
      [{ scopes: [] }, /scopes/],
      [{ scopes: ['admin'] }, /scopes/],
      [{ expires_at: 1 }, /expires_at/],
      [{ expires_at: 'tomorrow' }, /expires_at/],
      [{ expires_at: '2100-13-45' }, /expires_at/],
    ]
    for (const [body, why] of cases) {
      const r = await call('/tokens', s.token, {
        body: { name: 'x', scopes: ['messages:read'], ...body },
      })
      assert.ok(r.status === 422, `${JSON.stringify(body)}: ${r.text}`)
      assert.equal(r.body.error, 2001)
      assert.match(r.body.message, why)
    }
  })

  it('deletes a token: it stops working at once; another account’s token id is unknown', async () => {
    const t = await newToken({})
    refused(await call(`/tokens/${t.id}`, other.token, { method: 'DELETE' }), 404, 4003)
    assert.equal((await sendWith(t.token)).status, 200, "B's delete changed nothing")
    const bList = await call('/tokens', other.token)
    assert.ok(!bList.body.data.some((x: any) => x.id === t.id), "B's list never shows A's token")
    const del = await call(`/tokens/${t.id}`, s.token, { method: 'DELETE' })
    assert.equal(del.status, 200, del.text)
    assert.equal(del.body.message, `${t.id} Deleted`)
    refused(await sendWith(t.token), 401, 1001)
    refused(await call(`/tokens/${t.id}`, s.token, { method: 'DELETE' }), 404, 4003)
    refused(await call('/tokens/abc', s.token, { method: 'DELETE' }), 404, 4003)
  })

  it('a flood of wrong tokens blocks the address (429, 1008, Retry-After); other addresses go on', async () => {
    const from = (ip: string, bearer: string) =>
      s.request('/messaggi/messages/', {
        headers: { Authorization: `Bearer ${bearer}`, 'X-Forwarded-For': ip },
      })
    for (let i = 0; i < 4; i++) refused(await from('198.51.100.77', 'mgs_wrong'), 401, 1001)
    await from('198.51.100.77', 'mgs_wrong')
    const blocked = await from('198.51.100.77', s.token)
    refused(blocked, 429, 1008)
    assert.ok(Number(blocked.headers.get('Retry-After')) > 0)
    assert.equal((await from('198.51.100.78', s.token)).status, 200)
  })

  it('answers hostile input with a 4xx envelope, never a 5xx', async () => {
    const probes: [string, string, unknown?][] = [
      ['GET', `/messages/${'f'.repeat(64)}`],
      ['GET', `/messages/${'f'.repeat(65)}`],
      ['GET', `/messages/${'0'.repeat(24)}/recipients/${'9'.repeat(64)}`],
      ['GET', `/messages/${'0'.repeat(24)}/recipients/%00`],
      ['GET', '/messages/?page=0'],
      ['GET', '/messages/?page=999999999999999999999'],
      ['GET', '/messages/?per_page=-1'],
      ['DELETE', '/tokens/99999999999999999999'],
      ['DELETE', `/tokens/${'1'.repeat(21)}`],
      ['PUT', `/messages/${'0'.repeat(24)}`, { timestamp_send: 1e300 }],
      ['POST', '/messages/', { sender: 'Taube', body: 'x', recipients: [[['+49-1701234567']]] }],
      [
        'POST',
        '/messages/',
        { sender: 'Taube', body: 'x', recipients: '+49-1701234567', priority: 1e308 },
      ],
      ['POST', '/messages/', { sender: 'Taube', body: 'x', recipients: { number: 5 } }],
      ['POST', '/tokens', { name: 'x', scopes: ['messages:read'], expires_at: 1e20 }],
      ['POST', '/tokens', { name: 'x'.repeat(101), scopes: ['messages:read'] }],
      ['POST', '/tokens', []],
    ]
    for (const [method, path, body] of probes) {
      const r = await call(path, s.token, { method, ...(body === undefined ? {} : { body }) })
      assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status} ${r.text}`)
      assert.equal(r.body.success, false, r.text)
      assert.equal(typeof r.body.error, 'number', r.text)
    }
  })

  it('a token ends with its API key', async () => {
    const key = await s.admin(`/admin/accounts/${s.userId}/keys`, { body: { name: 'short-lived' } })
    assert.equal(key.status, 201, key.text)
    const t = await newToken({}, key.body.auth_header)
    assert.equal((await sendWith(t.token)).status, 200)
    const off = await s.admin(`/admin/keys/${key.body.id}`, {
      method: 'PATCH',
      body: { is_active: false },
    })
    assert.ok(off.status < 300, off.text)
    const r = await sendWith(t.token)
    assert.ok(r.status === 401 || r.status === 403, r.text)
    assert.equal(r.body.success, false)
  })
})
