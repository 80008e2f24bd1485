// Logout holds across processes: two gateways on one database (and one session secret) accept
// each other's sessions, and a session ended at one is refused by the other until it expires.
// The ended sessions are rows of the database, removed once the session would have expired.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server.js'

const SECRET = 'a-shared-dashboard-secret-of-40-characters'
const EIGHT_HOURS_MS = 8 * 3600 * 1000

type SessionHeaders = { Cookie: string; 'X-CSRF-Token': string }

describe('logout across processes sharing a database', () => {
  let a: TestServer
  let b: TestServer

  before(async () => {
    a = await startTestServer({ sessionSecret: SECRET })
    b = await startTestServer({ sessionSecret: SECRET, databaseUrl: a.ctx.config.databaseUrl })
  })
  after(async () => {
    await b?.close()
    await a?.close()
  })

  const headersOf = (r: { headers: Headers; body: any }): SessionHeaders => ({
    Cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
    'X-CSRF-Token': r.body.csrf_token,
  })
  async function login(s: TestServer): Promise<SessionHeaders> {
    const key = s.token.slice(s.token.indexOf(':') + 1)
    const r = await s.request('/session', { body: { user_id: String(s.userId), key } })
    assert.equal(r.status, 200, r.text)
    return headersOf(r)
  }
  async function operatorLogin(s: TestServer): Promise<SessionHeaders> {
    const r = await s.request('/operator/session', { body: { token: ADMIN_TOKEN } })
    assert.equal(r.status, 200, r.text)
    return headersOf(r)
  }
  const logout = async (s: TestServer, path: string, headers: SessionHeaders) => {
    const r = await s.request(path, { method: 'DELETE', headers })
    assert.equal(r.status, 204, r.text)
  }

  it('refuses a customer session at the other process once it was logged out at one', async () => {
    const session = await login(a)
    const kept = await login(a)
    assert.equal((await b.request('/me', { headers: session })).status, 200)
    await logout(a, '/session', session)
    for (const s of [a, b]) {
      const me = await s.request('/me', { headers: session })
      assert.equal(me.status, 401, me.text)
      assert.equal(me.body.code, 'UNAUTHENTICATED')
      assert.equal((await s.request('/session', { headers: session })).status, 401)
    }
    // Another session of the same key is not touched.
    assert.equal((await b.request('/me', { headers: kept })).status, 200)
  })

  it('does the same for operator sessions', async () => {
    const session = await operatorLogin(b)
    assert.equal((await a.request('/admin/accounts', { headers: session })).status, 200)
    await logout(b, '/operator/session', session)
    for (const s of [a, b]) {
      const r = await s.request('/admin/accounts', { headers: session })
      assert.equal(r.status, 401, r.text)
      assert.equal((await s.request('/operator/session', { headers: session })).status, 401)
    }
  })

  it('forgets ended sessions once they would have expired', async () => {
    const old = await login(a)
    await logout(a, '/session', old)
    const count = async () =>
      Number(
        (
          await a.ctx.deps.db
            .selectFrom('ended_sessions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    assert.ok(before >= 1)
    for (const s of [a, b]) s.clock.advance(EIGHT_HOURS_MS + 1000)
    const fresh = await login(b)
    await logout(b, '/session', fresh)
    assert.equal(await count(), 1)
    assert.equal((await a.request('/me', { headers: fresh })).status, 401)
  })
})
