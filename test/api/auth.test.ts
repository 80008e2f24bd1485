import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { HttpResponse, RequestOptions } from '../helpers/http.js'
import { SMS, startTestServer, type TestServer } from '../helpers/test-server.js'

const REQUEST_ID = /^[A-Za-z0-9]{32}$/

// Every test that may trip the IP block speaks from an address of its own.
let ipCounter = 0
function freshIp(): string {
  ipCounter++
  return `10.20.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`
}

function from(ip: string, headers: Record<string, string> = {}): Record<string, string> {
  return { 'X-Forwarded-For': ip, ...headers }
}

/** The two probes: a read (GET /me → 200) and a write (POST /sms → 201). */
const PROBES: [string, RequestOptions, number][] = [
  ['GET /me', { method: 'GET' }, 200],
  ['POST /sms', { method: 'POST', body: SMS }, 201],
]
const probePath = (name: string) => name.split(' ')[1]!

function assertHydraError(r: HttpResponse, status: number, code: string): void {
  assert.equal(r.status, status, r.text)
  assert.match(r.headers.get('content-type') ?? '', /^application\/ld\+json/)
  assert.equal(r.body['@context'], '/contexts/Error')
  assert.equal(r.body['@type'], 'hydra:Error')
  assert.equal(typeof r.body['hydra:description'], 'string')
  assert.equal(r.body.code, code)
}

async function keyIdOf(s: TestServer, userId: number): Promise<number> {
  const r = await s.admin(`/admin/accounts/${userId}/keys`)
  assert.equal(r.status, 200)
  return r.body.keys[0].id
}

describe('authentication', () => {
  let s: TestServer
  let secret: string
  let other: { userId: number; token: string }

  before(async () => {
    s = await startTestServer()
    secret = s.token.split(':')[1]!
    other = await s.createAccount({ name: 'Other' })
  })
  after(() => s.close())

  describe('accepted schemes', () => {
    const schemes: [string, () => Record<string, string>][] = [
      ['v2 header <user_id>:<token>', () => ({ 'X-LOX24-AUTH-TOKEN': s.token })],
      [
        'legacy X-LOX24-CLIENT-ID + token',
        () => ({ 'X-LOX24-CLIENT-ID': String(s.userId), 'X-LOX24-AUTH-TOKEN': secret }),
      ],
      [
        'release-notes X-LOX24-AUTH-CLIENT-ID + token',
        () => ({ 'X-LOX24-AUTH-CLIENT-ID': String(s.userId), 'X-LOX24-AUTH-TOKEN': secret }),
      ],
    ]
    for (const [scheme, headers] of schemes) {
      for (const [probe, opts, status] of PROBES) {
        it(`${scheme}: ${probe} → ${status}`, async () => {
          const r = await s.request(probePath(probe), {
            ...opts,
            headers: from(freshIp(), headers()),
          })
          assert.equal(r.status, status, r.text)
          if (probe === 'GET /me') assert.equal(r.body.id, s.userId)
          else assert.equal(r.body.key_id, await keyIdOf(s, s.userId))
        })
      }
    }

    it('authenticates as the account the user id names, not another', async () => {
      const r = await s.request('/me', { token: other.token })
      assert.equal(r.status, 200)
      assert.equal(r.body.id, other.userId)
      assert.notEqual(other.userId, s.userId)
    })
  })

  describe('401 UNAUTHENTICATED', () => {
    const cases: [string, () => Record<string, string>][] = [
      ['no header', () => ({})],
      ['a wrong token', () => ({ 'X-LOX24-AUTH-TOKEN': `${s.userId}:${'x'.repeat(32)}` })],
      [
        'the right token with another user id',
        () => ({ 'X-LOX24-AUTH-TOKEN': `${other.userId}:${secret}` }),
      ],
      [
        'the right token with an unknown user id',
        () => ({ 'X-LOX24-AUTH-TOKEN': `7654321:${secret}` }),
      ],
      ['a legacy token without client id', () => ({ 'X-LOX24-AUTH-TOKEN': secret })],
      [
        'a legacy token with the client id of another account',
        () => ({ 'X-LOX24-CLIENT-ID': String(other.userId), 'X-LOX24-AUTH-TOKEN': secret }),
      ],
      ['a client id without token', () => ({ 'X-LOX24-CLIENT-ID': String(s.userId) })],
      ['garbage', () => ({ 'X-LOX24-AUTH-TOKEN': 'not a token at all!' })],
      ['an empty token after the colon', () => ({ 'X-LOX24-AUTH-TOKEN': `${s.userId}:` })],
      ['a user id that is not a number', () => ({ 'X-LOX24-AUTH-TOKEN': `abc:${secret}` })],
      ['a bearer token', () => ({ Authorization: `Bearer ${s.token}` })],
    ]
    for (const [name, headers] of cases) {
      it(`${name} → 401 on both probes`, async () => {
        const ip = freshIp()
        for (const [probe, opts] of PROBES) {
          const r = await s.request(probePath(probe), { ...opts, headers: from(ip, headers()) })
          assertHydraError(r, 401, 'UNAUTHENTICATED')
        }
      })
    }

    it('stores nothing and charges nothing for an unauthenticated POST /sms', async () => {
      const before = (await s.request('/me', { token: s.token })).body.balance_amount
      const r = await s.request('/sms', {
        body: SMS,
        headers: from(freshIp(), { 'X-LOX24-AUTH-TOKEN': `${s.userId}:${'y'.repeat(32)}` }),
      })
      assert.equal(r.status, 401)
      assert.equal((await s.request('/me', { token: s.token })).body.balance_amount, before)
    })
  })

  describe('403 for proven credentials that may not be used', () => {
    it('a deactivated key → 403 KEY_INACTIVE; re-activation works at once', async () => {
      const acc = await s.createAccount({ name: 'Inactive key' })
      const keyId = await keyIdOf(s, acc.userId)
      const ip = freshIp()
      const off = await s.admin(`/admin/keys/${keyId}`, {
        method: 'PATCH',
        body: { is_active: false },
      })
      assert.equal(off.status, 200)
      assert.equal(off.body.is_active, false)
      for (const [probe, opts] of PROBES) {
        const r = await s.request(probePath(probe), {
          ...opts,
          token: acc.token,
          headers: from(ip),
        })
        assertHydraError(r, 403, 'KEY_INACTIVE')
      }
      const on = await s.admin(`/admin/keys/${keyId}`, {
        method: 'PATCH',
        body: { is_active: true },
      })
      assert.equal(on.status, 200)
      for (const [probe, opts, status] of PROBES) {
        const r = await s.request(probePath(probe), {
          ...opts,
          token: acc.token,
          headers: from(ip),
        })
        assert.equal(r.status, status, r.text)
      }
    })

    it('a deactivated key that was just used (and cached) stops working at once', async () => {
      const acc = await s.createAccount({ name: 'Cached key' })
      const keyId = await keyIdOf(s, acc.userId)
      assert.equal((await s.request('/me', { token: acc.token })).status, 200)
      await s.admin(`/admin/keys/${keyId}`, { method: 'PATCH', body: { is_active: false } })
      assertHydraError(await s.request('/me', { token: acc.token }), 403, 'KEY_INACTIVE')
    })

    it('a kannel key on the REST API → 403 KEY_TYPE_NOT_ALLOWED', async () => {
      const k = await s.admin(`/admin/accounts/${other.userId}/keys`, { body: { type: 'kannel' } })
      assert.equal(k.status, 201)
      assert.equal(k.body.type, 'kannel')
      const ip = freshIp()
      for (const [probe, opts] of PROBES) {
        const r = await s.request(probePath(probe), {
          ...opts,
          token: k.body.auth_header,
          headers: from(ip),
        })
        assertHydraError(r, 403, 'KEY_TYPE_NOT_ALLOWED')
      }
    })

    it('a kannel token with a wrong user id is 401, not 403 (nothing leaks)', async () => {
      const k = await s.admin(`/admin/accounts/${other.userId}/keys`, { body: { type: 'kannel' } })
      const r = await s.request('/me', {
        headers: from(freshIp(), { 'X-LOX24-AUTH-TOKEN': `${s.userId}:${k.body.token}` }),
      })
      assertHydraError(r, 401, 'UNAUTHENTICATED')
    })

    it('an IP outside the key allow-list → 403 IP_NOT_ALLOWED; inside → 200', async () => {
      const k = await s.admin(`/admin/accounts/${other.userId}/keys`, {
        body: { name: 'office', ip_allowlist: ['203.0.113.0/24'] },
      })
      assert.equal(k.status, 201)
      assert.deepEqual(k.body.ip_allowlist, ['203.0.113.0/24'])
      for (const [probe, opts] of PROBES) {
        const r = await s.request(probePath(probe), {
          ...opts,
          token: k.body.auth_header,
          headers: from('198.51.100.9'),
        })
        assertHydraError(r, 403, 'IP_NOT_ALLOWED')
      }
      for (const [probe, opts, status] of PROBES) {
        const r = await s.request(probePath(probe), {
          ...opts,
          token: k.body.auth_header,
          headers: from('203.0.113.77'),
        })
        assert.equal(r.status, status, r.text)
        if (probe === 'POST /sms') assert.equal(r.body.ip, '203.0.113.77')
      }
      // Just outside the range on either side.
      for (const ip of ['203.0.112.255', '203.0.114.0']) {
        const r = await s.request('/me', { token: k.body.auth_header, headers: from(ip) })
        assertHydraError(r, 403, 'IP_NOT_ALLOWED')
      }
    })

    it('a blocked account → 403 ACCOUNT_BLOCKED; unblocking works at once', async () => {
      const acc = await s.createAccount({ name: 'To block' })
      const ip = freshIp()
      assert.equal((await s.request('/me', { token: acc.token, headers: from(ip) })).status, 200)
      const block = await s.admin(`/admin/accounts/${acc.userId}`, {
        method: 'PATCH',
        body: { status: 'blocked' },
      })
      assert.equal(block.status, 200)
      assert.equal(block.body.status, 'blocked')
      for (const [probe, opts] of PROBES) {
        const r = await s.request(probePath(probe), {
          ...opts,
          token: acc.token,
          headers: from(ip),
        })
        assertHydraError(r, 403, 'ACCOUNT_BLOCKED')
      }
      await s.admin(`/admin/accounts/${acc.userId}`, {
        method: 'PATCH',
        body: { status: 'active' },
      })
      assert.equal((await s.request('/me', { token: acc.token, headers: from(ip) })).status, 200)
    })
  })

  describe('X-LOX24-REQUEST-ID', () => {
    const bad = { 'X-LOX24-AUTH-TOKEN': '1:wrong' }
    const cases: [string, number, () => Promise<HttpResponse>][] = [
      ['GET /me', 200, () => s.request('/me', { token: s.token })],
      ['POST /sms', 201, () => s.request('/sms', { token: s.token, body: SMS })],
      [
        'DELETE /sms/{uuid}',
        204,
        async () => {
          const sent = await s.request('/sms', { token: s.token, body: SMS })
          return s.request(`/sms/${sent.body.uuid}`, { token: s.token, method: 'DELETE' })
        },
      ],
      [
        'malformed JSON on POST /sms',
        400,
        () =>
          s.request('/sms', {
            token: s.token,
            rawBody: '{"text": "Hi",',
            headers: { 'Content-Type': 'application/json' },
          }),
      ],
      ['bad credentials', 401, () => s.request('/me', { headers: from(freshIp(), bad) })],
      ['an unknown route', 404, () => s.request('/no/such/route', { token: s.token })],
      [
        'an unknown SMS',
        404,
        () => s.request('/sms/00000000-0000-7000-8000-000000000000', { token: s.token }),
      ],
      [
        'an invalid phone',
        422,
        () => s.request('/sms', { token: s.token, body: { ...SMS, phone: 'abc' } }),
      ],
      [
        'a blocked IP',
        429,
        async () => {
          const ip = freshIp()
          for (let i = 0; i < 4; i++) await s.request('/me', { headers: from(ip, bad) })
          return s.request('/me', { token: s.token, headers: from(ip) })
        },
      ],
      ['/healthz', 200, () => s.request('/healthz')],
      ['/openapi.json', 200, () => s.request('/openapi.json')],
      ['the operator API', 200, () => s.admin('/admin/accounts')],
    ]
    for (const [name, status, run] of cases) {
      it(`${name} → ${status} carries a 32-character alphanumeric request id`, async () => {
        const r = await run()
        assert.equal(r.status, status, r.text)
        assert.match(r.headers.get('X-LOX24-REQUEST-ID') ?? '', REQUEST_ID)
      })
    }

    it('is distinct on 200 requests', async () => {
      const ids = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const r =
            i % 2 === 0 ? await s.request('/me', { token: s.token }) : await s.request('/healthz')
          assert.equal(r.status, 200)
          return r.headers.get('X-LOX24-REQUEST-ID') ?? ''
        }),
      )
      for (const id of ids) assert.match(id, REQUEST_ID)
      assert.equal(new Set(ids).size, 200)
    })
  })

  describe('tenant scope', () => {
    it('account B cannot read or delete an SMS of the demo account (404)', async () => {
      const sent = await s.request('/sms', { token: s.token, body: SMS })
      assert.equal(sent.status, 201)
      const uuid: string = sent.body.uuid
      const read = await s.request(`/sms/${uuid}`, { token: other.token })
      assertHydraError(read, 404, 'SMS_NOT_FOUND')
      const del = await s.request(`/sms/${uuid}`, { token: other.token, method: 'DELETE' })
      assertHydraError(del, 404, 'SMS_NOT_FOUND')
      const list = await s.request(`/sms?uuid=${uuid}`, { token: other.token })
      assert.equal(list.status, 200)
      assert.equal(list.body['hydra:totalItems'], 0)
      const own = await s.request(`/sms/${uuid}`, { token: s.token })
      assert.equal(own.status, 200, 'the owner still sees it')
      assert.equal(own.body.uuid, uuid)
    })
  })
})

describe('IP blocking after failed authentication (spec §3.4)', () => {
  let s: TestServer
  let inactive: string

  before(async () => {
    s = await startTestServer()
    const acc = await s.createAccount({ name: 'Inactive' })
    inactive = acc.token
    const keys = await s.admin(`/admin/accounts/${acc.userId}/keys`)
    await s.admin(`/admin/keys/${keys.body.keys[0].id}`, {
      method: 'PATCH',
      body: { is_active: false },
    })
  })
  after(() => s.close())

  const BAD: Record<string, string>[] = [
    {},
    { 'X-LOX24-AUTH-TOKEN': '1234567:wrongwrongwrongwrongwrongwrong12' },
    { 'X-LOX24-AUTH-TOKEN': 'garbage' },
    { 'X-LOX24-AUTH-TOKEN': 'e3f3a759b6677959b6ebfc0123456789' },
  ]
  const bad = (ip: string, i = 0) => s.request('/me', { headers: from(ip, BAD[i % BAD.length]) })
  const good = (ip: string, path = '/me') =>
    s.request(path, {
      token: s.token,
      headers: from(ip),
      ...(path === '/sms' ? { body: SMS } : {}),
    })

  it('answers four bad requests with 401, then blocks authentication for ten minutes', async () => {
    const ip = '192.0.2.10'
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await bad(ip, i)).status)
    assert.deepEqual(statuses, [401, 401, 401, 401])

    const blocked = await good(ip)
    assertHydraError(blocked, 429, 'IP_BLOCKED')
    const retryAfter = Number(blocked.headers.get('Retry-After'))
    assert.ok(retryAfter >= 599 && retryAfter <= 600, `Retry-After ${retryAfter}`)
    assert.match(blocked.headers.get('X-LOX24-REQUEST-ID') ?? '', REQUEST_ID)
    assert.equal((await good(ip, '/sms')).status, 429, 'a right key meets the block too')
    assert.equal((await good(ip, '/healthz')).status, 200, 'health is never blocked')
    assert.equal((await good(ip, '/no/such/route')).status, 404, 'no authentication, no block')
    assert.equal(
      (await s.admin('/admin/accounts', { headers: from(ip) })).status,
      200,
      '/admin has its own',
    )

    assert.equal((await good('192.0.2.11')).status, 200, 'another IP is unaffected')

    s.clock.advance(300_000)
    const half = await good(ip)
    assert.equal(half.status, 429)
    assert.equal(Number(half.headers.get('Retry-After')), retryAfter - 300)
    for (let i = 0; i < 6; i++)
      assert.equal((await bad(ip, i)).status, 429, 'bad requests meet the block')

    s.clock.advance(301_000)
    assert.equal(
      (await good(ip)).status,
      200,
      'the block ends after ten minutes and is not extended',
    )
    assert.equal((await good(ip, '/sms')).status, 201)
  })

  it('counts only 401s: a 403 for an inactive key is no failure', async () => {
    const ip = '192.0.2.20'
    for (let i = 0; i < 3; i++) assert.equal((await bad(ip, i)).status, 401)
    for (let i = 0; i < 5; i++) {
      const r = await s.request('/me', { token: inactive, headers: from(ip) })
      assertHydraError(r, 403, 'KEY_INACTIVE')
    }
    assert.equal((await good(ip)).status, 200)
    // The three 401s still count: one more blocks.
    assert.equal((await bad(ip)).status, 401)
    assert.equal((await good(ip)).status, 429)
  })

  it('counts successes as nothing: they do not reset the failures either', async () => {
    const ip = '192.0.2.30'
    for (let i = 0; i < 3; i++) {
      assert.equal((await bad(ip, i)).status, 401)
      assert.equal((await good(ip)).status, 200)
    }
    assert.equal((await bad(ip)).status, 401)
    assert.equal((await good(ip)).status, 429)
  })

  it('uses a sliding one-minute window', async () => {
    const ip = '192.0.2.40'
    for (let i = 0; i < 3; i++) assert.equal((await bad(ip, i)).status, 401)
    s.clock.advance(61_000)
    assert.equal((await bad(ip)).status, 401)
    assert.equal((await good(ip)).status, 200, 'three failures a minute ago have expired')
    assert.equal((await bad(ip)).status, 401)
    assert.equal((await bad(ip)).status, 401)
    assert.equal((await good(ip)).status, 200, 'three failures in the last minute')
    assert.equal((await bad(ip)).status, 401)
    assert.equal((await good(ip)).status, 429, 'four failures in the last minute')
  })

  it('slides rather than resetting on whole minutes', async () => {
    const ip = '192.0.2.50'
    // Align to a whole minute so a fixed-window implementation would split the failures.
    s.clock.advance(60_000 - (s.clock.nowMs() % 60_000))
    assert.equal((await bad(ip)).status, 401) // :00
    s.clock.advance(30_000)
    assert.equal((await bad(ip)).status, 401) // :30
    s.clock.advance(20_000)
    assert.equal((await bad(ip)).status, 401) // :50
    s.clock.advance(20_000)
    assert.equal((await bad(ip)).status, 401) // 1:10, the :00 failure has left the window
    assert.equal((await good(ip)).status, 200)
    s.clock.advance(5_000)
    assert.equal((await bad(ip)).status, 401) // 1:15: :30, :50, 1:10, 1:15 within a minute
    assert.equal((await good(ip)).status, 429)
  })
})
