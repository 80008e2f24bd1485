// The dashboard's session login (POST/GET/DELETE /session) and the customer API under a session
// cookie: the cookie's attributes, CSRF, logout, expiry, wrong credentials, floods and bad input;
// and the account's own API keys (/api_keys), which the dashboard manages through the API.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

type Login = { cookie: string; csrf: string; setCookie: string; body: any }

describe('dashboard session', () => {
  let s: TestServer
  let ipSeq = 0
  /** A client address of its own, so failures of one case never block another. */
  const nextIp = () => `198.51.100.${++ipSeq}`

  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  const userId = () => s.token.split(':')[0]!

  async function login(
    creds: { user_id: string; key: string } = { user_id: userId(), key: keyOf(s.token) },
    ip = nextIp(),
  ): Promise<Login> {
    const r = await s.request('/session', { body: creds, headers: { 'X-Forwarded-For': ip } })
    assert.equal(r.status, 200, r.text)
    const setCookie = r.headers.get('set-cookie') ?? ''
    return { cookie: setCookie.split(';')[0]!, csrf: r.body.csrf_token, setCookie, body: r.body }
  }
  const withSession = (l: Login, csrf: string | null = l.csrf) => ({
    Cookie: l.cookie,
    ...(csrf === null ? {} : { 'X-CSRF-Token': csrf }),
  })

  it('logs in with the user id and an API key: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
    const l = await login()
    assert.match(
      l.setCookie,
      /^taube_session=[^;]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    )
    assert.equal(l.body.user_id, s.userId)
    assert.equal(typeof l.body.key_id, 'number')
    assert.match(l.csrf, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(l.body.expires_at, s.clock.nowS() + 8 * 3600)
  })

  it('marks the cookie Secure behind TLS (the trusted proxy says https)', async () => {
    const r = await s.request('/session', {
      body: { user_id: userId(), key: keyOf(s.token) },
      headers: { 'X-Forwarded-For': nextIp(), 'X-Forwarded-Proto': 'https' },
    })
    assert.equal(r.status, 200, r.text)
    assert.match(r.headers.get('set-cookie') ?? '', /; Secure$/)
  })

  it('lets the session call the customer API, only with its CSRF token', async () => {
    const l = await login()
    const me = await s.request('/me', { headers: withSession(l) })
    assert.equal(me.status, 200, me.text)
    assert.equal(me.body.id, s.userId)
    const sent = await s.request('/sms', { headers: withSession(l), body: SMS })
    assert.equal(sent.status, 201, sent.text)

    for (const csrf of [null, 'x'.repeat(43), (await login()).csrf]) {
      const r = await s.request('/sms', { headers: withSession(l, csrf), body: SMS })
      assert.equal(r.status, 403, r.text)
      assert.equal(r.body.code, 'CSRF_TOKEN_INVALID')
    }
  })

  it('refuses a forged or altered cookie with 401', async () => {
    const l = await login()
    const [name, value] = l.cookie.split('=') as [string, string]
    const altered = value.replace(/^\d+/, '1')
    for (const cookie of [
      `${name}=${altered}`,
      `${name}=garbage`,
      `${name}=1.1.9999999999.AAAAAAAAAAAAAAAA.${'A'.repeat(43)}`,
    ]) {
      const r = await s.request('/me', { headers: { Cookie: cookie, 'X-CSRF-Token': l.csrf } })
      assert.equal(r.status, 401, `${cookie}: ${r.text}`)
    }
  })

  it('answers the live session at GET /session and 401 without one', async () => {
    const l = await login()
    const r = await s.request('/session', { headers: { Cookie: l.cookie } })
    assert.equal(r.status, 200, r.text)
    assert.equal(r.body.csrf_token, l.csrf)
    assert.equal(r.headers.get('cache-control'), 'no-store')
    const none = await s.request('/session')
    assert.equal(none.status, 401)
    assert.equal(none.body.code, 'UNAUTHENTICATED')
  })

  it('logs out with the CSRF token; the cookie is cleared and no longer accepted', async () => {
    const l = await login()
    const noCsrf = await s.request('/session', { method: 'DELETE', headers: withSession(l, null) })
    assert.equal(noCsrf.status, 403)
    assert.equal(noCsrf.body.code, 'CSRF_TOKEN_INVALID')
    const out = await s.request('/session', { method: 'DELETE', headers: withSession(l) })
    assert.equal(out.status, 204, out.text)
    assert.match(
      out.headers.get('set-cookie') ?? '',
      /^taube_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/,
    )
    const after = await s.request('/me', { headers: withSession(l) })
    assert.equal(after.status, 401)
    assert.equal((await s.request('/session', { headers: withSession(l) })).status, 401)
    // Logging out twice, or without a session, is no error.
    assert.equal((await s.request('/session', { method: 'DELETE' })).status, 204)
  })

  it('ends the session after 8 hours', async () => {
    const l = await login()
    s.clock.advance(8 * 3600 * 1000 - 1000)
    assert.equal((await s.request('/me', { headers: withSession(l) })).status, 200)
    s.clock.advance(1000)
    const r = await s.request('/me', { headers: withSession(l) })
    assert.equal(r.status, 401)
  })

  it("ends the session when its key is disabled or the account's key is gone", async () => {
    const extra = await s.request('/api_keys', { token: s.token, body: { name: 'dashboard' } })
    assert.equal(extra.status, 201, extra.text)
    const l = await login({ user_id: userId(), key: keyOf(extra.body.auth_header) })
    assert.equal((await s.request('/me', { headers: withSession(l) })).status, 200)
    const off = await s.request(`/api_keys/${extra.body.id}`, {
      method: 'PATCH',
      token: s.token,
      body: { is_active: false },
    })
    assert.equal(off.status, 200, off.text)
    const r = await s.request('/me', { headers: withSession(l) })
    assert.equal(r.status, 403)
    assert.equal(r.body.code, 'KEY_INACTIVE')
    const del = await s.request(`/api_keys/${extra.body.id}`, { method: 'DELETE', token: s.token })
    assert.equal(del.status, 204, del.text)
    assert.equal((await s.request('/me', { headers: withSession(l) })).status, 401)
  })

  it('refuses wrong credentials with 401, and a key of another account', async () => {
    const other = await s.createAccount()
    for (const creds of [
      { user_id: userId(), key: 'wrong-key' },
      { user_id: '99999', key: keyOf(s.token) },
      { user_id: userId(), key: keyOf(other.token) },
    ]) {
      const r = await s.request('/session', {
        body: creds,
        headers: { 'X-Forwarded-For': nextIp() },
      })
      assert.equal(r.status, 401, r.text)
      assert.equal(r.body.code, 'UNAUTHENTICATED')
      assert.equal(r.headers.get('set-cookie'), null)
    }
  })

  it('blocks an address after repeated failures, also for the right credentials (429)', async () => {
    const ip = nextIp()
    // The failure past the limit of 3 starts the block (services/auth-guard/auth-limits.ts).
    for (let i = 0; i < 4; i++) {
      const r = await s.request('/session', {
        body: { user_id: userId(), key: `guess-${i}` },
        headers: { 'X-Forwarded-For': ip },
      })
      assert.equal(r.status, 401)
    }
    const r = await s.request('/session', {
      body: { user_id: userId(), key: keyOf(s.token) },
      headers: { 'X-Forwarded-For': ip },
    })
    assert.equal(r.status, 429, r.text)
    assert.equal(r.body.code, 'IP_BLOCKED')
    assert.ok(Number(r.headers.get('retry-after')) > 0)
  })

  it('answers bad input with the field and why, never 5xx', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 422, 'user_id'],
      [{ user_id: userId() }, 422, 'key'],
      [{ user_id: 'abc', key: 'k' }, 422, 'user_id'],
      [{ user_id: userId(), key: '' }, 422, 'key'],
      [{ user_id: 5, key: 'k' }, 422, 'user_id'],
    ]
    for (const [body, status, field] of cases) {
      const r = await s.request('/session', { body, headers: { 'X-Forwarded-For': nextIp() } })
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`)
      assert.match(r.text, new RegExp(field), JSON.stringify(body))
    }
    const text = await s.request('/session', {
      rawBody: 'user_id=1&key=2',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(text.status, 415, text.text)
    const broken = await s.request('/session', {
      rawBody: '{"user_id":',
      headers: { 'Content-Type': 'application/json' },
    })
    assert.equal(broken.status, 400, broken.text)
  })
})

describe("the account's own API keys", () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  it('creates a key with name, type and IP list; shows the token once; lists, disables and deletes it', async () => {
    const created = await s.request('/api_keys', {
      token: s.token,
      body: { name: 'Shop', type: 'v2', ip_allowlist: ['127.0.0.1', '10.0.0.0/8'] },
    })
    assert.equal(created.status, 201, created.text)
    assert.match(created.body.token, /^[A-Za-z0-9]{32}$/)
    assert.equal(created.body.auth_header, `${s.userId}:${created.body.token}`)
    assert.deepEqual(created.body.ip_allowlist, ['127.0.0.1', '10.0.0.0/8'])
    const works = await s.request('/me', { token: created.body.auth_header })
    assert.equal(works.status, 200)

    const list = await s.request('/api_keys', { token: s.token })
    assert.equal(list.status, 200)
    const listed = list.body['hydra:member'].find((k: any) => k.id === created.body.id)
    assert.equal(listed.name, 'Shop')
    assert.equal(listed.token, undefined)
    assert.ok(!list.text.includes(created.body.token), 'the token is never shown again')

    const off = await s.request(`/api_keys/${created.body.id}`, {
      method: 'PATCH',
      token: s.token,
      body: { is_active: false },
    })
    assert.equal(off.body.is_active, false)
    assert.equal((await s.request('/me', { token: created.body.auth_header })).status, 403)
    const del = await s.request(`/api_keys/${created.body.id}`, {
      method: 'DELETE',
      token: s.token,
    })
    assert.equal(del.status, 204)
    assert.equal((await s.request(`/api_keys/${created.body.id}`, { token: s.token })).status, 404)
  })

  it('names the bad entry of an IP list', async () => {
    const r = await s.request('/api_keys', {
      token: s.token,
      body: { name: 'x', ip_allowlist: ['127.0.0.1', 'not-an-ip'] },
    })
    assert.equal(r.status, 422, r.text)
    assert.equal(r.body.violations[0].propertyPath, 'ip_allowlist[1]')
  })

  it('keeps a key from disabling or deleting itself (409 KEY_IN_USE)', async () => {
    const own = (await s.request('/api_keys', { token: s.token })).body['hydra:member'][0]
    for (const [method, body] of [
      ['PATCH', { is_active: false }],
      ['DELETE', undefined],
    ] as const) {
      const r = await s.request(`/api_keys/${own.id}`, {
        method,
        token: s.token,
        ...(body ? { body } : {}),
      })
      assert.equal(r.status, 409, r.text)
      assert.equal(r.body.code, 'KEY_IN_USE')
    }
    assert.equal((await s.request('/me', { token: s.token })).status, 200)
  })

  it("answers another account's key as an unknown one", async () => {
    const other = await s.createAccount()
    const theirs = (await s.request('/api_keys', { token: other.token })).body['hydra:member'][0]
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const r = await s.request(`/api_keys/${theirs.id}`, {
        method,
        token: s.token,
        ...(method === 'PATCH' ? { body: { is_active: false } } : {}),
      })
      assert.equal(r.status, 404, `${method}: ${r.text}`)
      assert.equal(r.body.code, 'KEY_NOT_FOUND')
    }
    assert.equal((await s.request('/me', { token: other.token })).status, 200)
  })
})

function keyOf(token: string): string {
  return token.slice(token.indexOf(':') + 1)
}
