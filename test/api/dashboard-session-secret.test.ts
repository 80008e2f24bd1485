// TAUBE_SESSION_SECRET: API processes (or a restarted one) with the same secret accept each
// other's dashboard sessions; with another secret, or none, a session of one is refused by the other.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server.js'

const SECRET = 'a-shared-dashboard-secret-of-40-characters'

describe('shared session secret', () => {
  const servers: TestServer[] = []
  after(() => Promise.all(servers.map((s) => s.close())))
  const start = async (sessionSecret?: string) => {
    const s = await startTestServer(sessionSecret === undefined ? {} : { sessionSecret })
    servers.push(s)
    return s
  }

  async function login(s: TestServer): Promise<{ Cookie: string; 'X-CSRF-Token': string }> {
    const key = s.token.slice(s.token.indexOf(':') + 1)
    const r = await s.request('/session', { body: { user_id: String(s.userId), key } })
    assert.equal(r.status, 200, r.text)
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!
    return { Cookie: cookie, 'X-CSRF-Token': r.body.csrf_token }
  }

  it('lets a second process with the same secret accept the first one’s session', async () => {
    const a = await start(SECRET)
    const b = await start(SECRET)
    const session = await login(a)
    const me = await b.request('/me', { headers: session })
    assert.equal(me.status, 200, me.text)
    const current = await b.request('/session', { headers: session })
    assert.equal(current.status, 200, current.text)
  })

  it('does the same for operator sessions', async () => {
    const a = await start(SECRET)
    const b = await start(SECRET)
    const other = await start()
    const r = await a.request('/operator/session', { body: { token: ADMIN_TOKEN } })
    assert.equal(r.status, 200, r.text)
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!
    const headers = { Cookie: cookie, 'X-CSRF-Token': r.body.csrf_token }
    const accepted = await b.request('/admin/accounts', { headers })
    assert.equal(accepted.status, 200, accepted.text)
    const refused = await other.request('/admin/accounts', { headers })
    assert.equal(refused.status, 401, refused.text)
  })

  it('refuses a session signed with another secret, or by a process with a random one', async () => {
    const a = await start(SECRET)
    const other = await start(`${SECRET}-but-another-one`)
    const random = await start()
    const session = await login(a)
    for (const s of [other, random]) {
      const me = await s.request('/me', { headers: session })
      assert.equal(me.status, 401, me.text)
    }
  })
})
