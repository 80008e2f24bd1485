// The operator console's login (POST/GET/DELETE /operator/session) and the operator API under its
// session cookie: cookie attributes, CSRF on /admin, wrong tokens and their flood limit, logout,
// bad input, and that customer and operator sessions never pass for each other.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server.js'

type Login = { cookie: string; csrf: string; setCookie: string }

describe('operator session', () => {
  let s: TestServer
  let ipSeq = 0
  /** A client address of its own, so failures of one case never block another. */
  const nextIp = () => `198.51.100.${++ipSeq}`

  before(async () => {
    s = await startTestServer()
  })
  after(() => s.close())

  async function login(token = ADMIN_TOKEN, ip = nextIp()): Promise<Login> {
    const r = await s.request('/operator/session', {
      body: { token },
      headers: { 'X-Forwarded-For': ip },
    })
    assert.equal(r.status, 200, r.text)
    const setCookie = r.headers.get('set-cookie') ?? ''
    return { cookie: setCookie.split(';')[0]!, csrf: r.body.csrf_token, setCookie }
  }
  const withSession = (l: Login, csrf: string | null = l.csrf) => ({
    Cookie: l.cookie,
    ...(csrf === null ? {} : { 'X-CSRF-Token': csrf }),
  })
  /** An /admin call without the bearer token the helper's `admin` adds. */
  const admin = (path: string, headers: Record<string, string>, body?: unknown) =>
    s.request(path, { headers, ...(body === undefined ? {} : { body }) })

  it('logs in with the admin token: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
    const l = await login()
    assert.match(
      l.setCookie,
      /^taube_operator=[^;]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    )
    assert.match(l.csrf, /^[A-Za-z0-9_-]{43}$/)
    const current = await s.request('/operator/session', { headers: withSession(l) })
    assert.equal(current.status, 200, current.text)
    assert.equal(current.body.csrf_token, l.csrf)
  })

  it('lets the session call the operator API, only with its CSRF token', async () => {
    const l = await login()
    const list = await admin('/admin/accounts', withSession(l))
    assert.equal(list.status, 200, list.text)
    const created = await admin('/admin/accounts', withSession(l), {
      name: 'Console Ltd',
      country: 'DE',
    })
    assert.ok(created.status === 200 || created.status === 201, created.text)
    for (const csrf of [null, 'x'.repeat(43), '']) {
      const r = await admin('/admin/accounts', withSession(l, csrf))
      assert.equal(r.status, 403, r.text)
      assert.equal(r.body.code, 'CSRF_TOKEN_INVALID')
    }
  })

  it('keeps customer and operator sessions apart', async () => {
    const key = s.token.slice(s.token.indexOf(':') + 1)
    const c = await s.request('/session', { body: { user_id: String(s.userId), key } })
    assert.equal(c.status, 200, c.text)
    const customerCookie = (c.headers.get('set-cookie') ?? '').split(';')[0]!
    // The customer's signed value under the operator's cookie name is no operator session.
    const forged = customerCookie.replace(/^taube_session=/, 'taube_operator=')
    const r = await admin('/admin/accounts', { Cookie: forged, 'X-CSRF-Token': c.body.csrf_token })
    assert.equal(r.status, 401, r.text)
    const asCustomer = await admin('/admin/accounts', {
      Cookie: customerCookie,
      'X-CSRF-Token': c.body.csrf_token,
    })
    assert.equal(asCustomer.status, 401, asCustomer.text)
    const l = await login()
    const me = await s.request('/me', { headers: withSession(l) })
    assert.equal(me.status, 401, me.text)
  })

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const l = await login()
    const refused = await s.request('/operator/session', {
      method: 'DELETE',
      headers: withSession(l, null),
    })
    assert.equal(refused.status, 403, refused.text)
    const out = await s.request('/operator/session', { method: 'DELETE', headers: withSession(l) })
    assert.equal(out.status, 204, out.text)
    assert.match(out.headers.get('set-cookie') ?? '', /^taube_operator=; Path=\/; Max-Age=0;/)
    const after = await admin('/admin/accounts', withSession(l))
    assert.equal(after.status, 401, after.text)
  })

  it('ends the session after 8 hours', async () => {
    const l = await login()
    s.clock.advance(8 * 3600 * 1000)
    const r = await admin('/admin/accounts', withSession(l))
    assert.equal(r.status, 401, r.text)
  })

  it('refuses a wrong token with 401, and a flood of them with 429 IP_BLOCKED', async () => {
    const ip = nextIp()
    // The failure past the limit of 3 starts the block (services/auth-guard/auth-limits.ts).
    for (let i = 0; i < 4; i++) {
      const r = await s.request('/operator/session', {
        body: { token: `guess-${i}` },
        headers: { 'X-Forwarded-For': ip },
      })
      assert.equal(r.status, 401, r.text)
      assert.equal(r.body.code, 'UNAUTHENTICATED')
    }
    const r = await s.request('/operator/session', {
      body: { token: ADMIN_TOKEN },
      headers: { 'X-Forwarded-For': ip },
    })
    assert.equal(r.status, 429, r.text)
    assert.equal(r.body.code, 'IP_BLOCKED')
    assert.ok(Number(r.headers.get('retry-after')) > 0)
  })

  it('answers bad input with the field and why, never 5xx', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 422, 'token'],
      [{ token: '' }, 422, 'token'],
      [{ token: 5 }, 422, 'token'],
    ]
    for (const [body, status, field] of cases) {
      const r = await s.request('/operator/session', {
        body,
        headers: { 'X-Forwarded-For': nextIp() },
      })
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`)
      assert.match(r.text, new RegExp(field), JSON.stringify(body))
    }
    const text = await s.request('/operator/session', {
      rawBody: 'token=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(text.status, 415, text.text)
  })
})
