// Who the client is behind proxies: X-Forwarded-For is believed only as far as trusted proxies
// wrote it, so the client is the right-most address no trusted proxy stands for. The test is
// itself the first proxy (it connects from 127.0.0.1) and plays the client's part by writing the
// X-Forwarded-For a real proxy would pass on: whatever the client sent, then the address the
// proxy saw.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import { buildServer } from '../../src/api/server.js'
import { createContext } from '../../src/app/context.js'
import { loadConfig } from '../../src/config/load.js'
import { runTaube } from '../helpers/cli.js'
import type { HttpResponse } from '../helpers/http.js'
import { startTestServer, type TestServer } from '../helpers/test-server.js'

const BAD = { 'X-LOX24-AUTH-TOKEN': 'garbage' }

function assertError(r: HttpResponse, status: number, code: string): void {
  assert.equal(r.status, status, r.text)
  assert.equal(r.body['@type'], 'hydra:Error')
  assert.equal(r.body.code, code)
  assert.match(r.headers.get('X-LOX24-REQUEST-ID') ?? '', /^[a-z0-9]{32}$/)
}

/** A key of a new account that works only from `allow`; returns its `<user_id>:<token>`. */
async function allowListedKey(
  s: TestServer,
  allow: string[],
): Promise<{ userId: number; token: string }> {
  const acc = await s.admin('/admin/accounts', {
    body: { name: 'Locked', country: 'DE', balance: '5' },
  })
  assert.equal(acc.status, 201, acc.text)
  const key = await s.admin(`/admin/accounts/${acc.body.id}/keys`, {
    body: { name: 'ip', ip_allowlist: allow },
  })
  assert.equal(key.status, 201, key.text)
  return { userId: acc.body.id, token: key.body.auth_header }
}

async function lastUsedIp(s: TestServer, userId: number): Promise<string | null> {
  const keys = await s.admin(`/admin/accounts/${userId}/keys`)
  return keys.body.keys[0].last_used_ip
}

describe('X-Forwarded-For behind one trusted proxy (TAUBE_TRUST_PROXY=127.0.0.1)', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ trustProxy: ['127.0.0.1'] })
  })
  after(() => s.close())

  it('a client rotating forged X-Forwarded-For entries is still blocked after four failures', async () => {
    const client = '198.51.100.7'
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      const forged = `192.0.2.${i + 1}`
      const r = await s.request('/me', {
        headers: { ...BAD, 'X-Forwarded-For': `${forged}, ${client}` },
      })
      statuses.push(r.status)
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, ...Array(8).fill(429)])
    const good = await s.request('/me', {
      token: s.token,
      headers: { 'X-Forwarded-For': `203.0.113.99, ${client}` },
    })
    assertError(good, 429, 'IP_BLOCKED')
    assert.match(good.body['hydra:description'], /198\.51\.100\.7/)
  })

  it('naming another client in X-Forwarded-For does not block that client', async () => {
    const victim = '203.0.113.50'
    const attacker = '198.51.100.8'
    for (let i = 0; i < 8; i++) {
      await s.request('/me', { headers: { ...BAD, 'X-Forwarded-For': `${victim}, ${attacker}` } })
    }
    const own = await s.request('/me', { token: s.token, headers: { 'X-Forwarded-For': attacker } })
    assertError(own, 429, 'IP_BLOCKED')
    const r = await s.request('/me', { token: s.token, headers: { 'X-Forwarded-For': victim } })
    assert.equal(r.status, 200, r.text)
  })

  it("a key's IP allow-list is not passed by naming an allowed address in X-Forwarded-For", async () => {
    const key = await allowListedKey(s, ['203.0.113.0/24'])
    const forged = await s.request('/me', {
      token: key.token,
      headers: { 'X-Forwarded-For': '203.0.113.5, 198.51.100.9' },
    })
    assertError(forged, 403, 'IP_NOT_ALLOWED')
    assert.match(forged.body['hydra:description'], /198\.51\.100\.9/)
    const real = await s.request('/me', {
      token: key.token,
      headers: { 'X-Forwarded-For': '203.0.113.5' },
    })
    assert.equal(real.status, 200, real.text)
    assert.equal(await lastUsedIp(s, key.userId), '203.0.113.5')
  })

  it('without X-Forwarded-For the client is the proxy itself', async () => {
    const key = await allowListedKey(s, ['127.0.0.1'])
    assert.equal((await s.request('/me', { token: key.token })).status, 200)
    assert.equal(await lastUsedIp(s, key.userId), '127.0.0.1')
  })
})

describe('X-Forwarded-For through a chain of trusted proxies (addresses and CIDRs, IPv4 and IPv6)', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ trustProxy: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8'] })
  })
  after(() => s.close())

  const chains: [string, string, string][] = [
    [
      'two trusted proxies, a forged hop in front',
      '192.0.2.66, 198.51.100.20, 10.1.2.3',
      '198.51.100.20',
    ],
    ['several forged hops', '10.0.0.1, 192.0.2.1, 198.51.100.21, 10.9.9.9', '198.51.100.21'],
    ['an IPv6 client behind an IPv6 proxy', '2001:db8::666, 2001:db8::7, fd00::1', '2001:db8::7'],
    [
      'an IPv4 client behind an IPv6 proxy',
      '2001:db8::666, 198.51.100.22, fd12::3',
      '198.51.100.22',
    ],
  ]
  for (const [name, xff, client] of chains) {
    it(`${name}: ${xff} → ${client}`, async () => {
      const key = await allowListedKey(s, [client])
      const r = await s.request('/me', { token: key.token, headers: { 'X-Forwarded-For': xff } })
      assert.equal(r.status, 200, r.text)
      assert.equal(await lastUsedIp(s, key.userId), client)
    })
  }

  it('blocks the client of the chain, not the proxies or the forged hops', async () => {
    const client = '198.51.100.30'
    for (let i = 0; i < 5; i++) {
      await s.request('/me', {
        headers: { ...BAD, 'X-Forwarded-For': `192.0.2.${i}, ${client}, 10.1.2.3` },
      })
    }
    const blocked = await s.request('/me', {
      token: s.token,
      headers: { 'X-Forwarded-For': `${client}, 10.1.2.3` },
    })
    assertError(blocked, 429, 'IP_BLOCKED')
    const neighbour = await s.request('/me', {
      token: s.token,
      headers: { 'X-Forwarded-For': '198.51.100.31, 10.1.2.3' },
    })
    assert.equal(neighbour.status, 200, 'another client behind the same proxy is served')
  })
})

describe('X-Forwarded-For with a hop count (TAUBE_TRUST_PROXY=2)', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ trustProxy: 2 })
  })
  after(() => s.close())

  it('takes the address the second proxy saw, whatever the client wrote before it', async () => {
    const key = await allowListedKey(s, ['198.51.100.40'])
    const r = await s.request('/me', {
      token: key.token,
      headers: { 'X-Forwarded-For': '203.0.113.1, 203.0.113.2, 198.51.100.40, 10.7.7.7' },
    })
    assert.equal(r.status, 200, r.text)
    assert.equal(await lastUsedIp(s, key.userId), '198.51.100.40')
  })
})

describe('without TAUBE_TRUST_PROXY', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ trustProxy: false })
  })
  after(() => s.close())

  it('ignores X-Forwarded-For: the client is the connecting address', async () => {
    const key = await allowListedKey(s, ['203.0.113.5'])
    const r = await s.request('/me', {
      token: key.token,
      headers: { 'X-Forwarded-For': '203.0.113.5' },
    })
    assertError(r, 403, 'IP_NOT_ALLOWED')
    assert.match(r.body['hydra:description'], /127\.0\.0\.1/)
  })

  it('warns once that failures behind an untrusted proxy count against the proxy', async () => {
    const lines: string[] = []
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) })
    const ctx = await createContext(s.ctx.config, { clock: s.clock, log })
    const app = await buildServer(ctx)
    try {
      for (let i = 0; i < 3; i++) {
        const r = await app.inject({
          url: '/me',
          headers: { ...BAD, 'X-Forwarded-For': `203.0.113.${i + 1}` },
        })
        assert.equal(r.statusCode, 401)
      }
      const warnings = lines.filter((l) => /TAUBE_TRUST_PROXY is not set/.test(l))
      assert.equal(warnings.length, 1, lines.join('\n'))
    } finally {
      await app.close()
      await ctx.lifecycle.stopAll()
    }
  })
})

describe('TAUBE_TRUST_PROXY values', () => {
  const accepted: [string, unknown][] = [
    ['10.0.0.5', ['10.0.0.5']],
    ['10.0.0.5, 10.1.0.0/16,fd00::/8', ['10.0.0.5', '10.1.0.0/16', 'fd00::/8']],
    ['2001:db8::1', ['2001:db8::1']],
    ['loopback', ['127.0.0.0/8', '::1/128']],
    ['1', 1],
    ['3', 3],
    ['false', false],
    ['0', false],
    ['', false],
  ]
  for (const [value, parsed] of accepted) {
    it(`accepts ${JSON.stringify(value)}`, () => {
      assert.deepEqual(loadConfig({ TAUBE_TRUST_PROXY: value }).trustProxy, parsed)
    })
  }

  for (const value of ['true', 'TRUE', 'yes', 'on']) {
    it(`refuses ${value} with a message naming the variable, the allowed values and an example`, () => {
      assert.throws(
        () => loadConfig({ TAUBE_TRUST_PROXY: value }),
        (err: Error) => {
          assert.match(err.message, /^Invalid configuration/)
          assert.match(err.message, new RegExp(`TAUBE_TRUST_PROXY=${value} is refused`))
          assert.match(err.message, /addresses\/CIDRs of your proxies/)
          assert.match(err.message, /number of proxies/)
          assert.match(err.message, /e\.g\. TAUBE_TRUST_PROXY=10\.0\.0\.5/)
          return true
        },
      )
    })
  }

  const refused: [string, RegExp][] = [
    ['10.0.0.300', /TAUBE_TRUST_PROXY: 10\.0\.0\.300 is not an address/],
    ['10.0.0.0/33', /10\.0\.0\.0\/33 is not an address/],
    ['proxy.example', /proxy\.example is not an address/],
    ['11', /TAUBE_TRUST_PROXY="11" is not allowed: use false, or a whole number from 1 to 10/],
  ]
  for (const [value, message] of refused) {
    it(`refuses ${value}`, () => {
      assert.throws(() => loadConfig({ TAUBE_TRUST_PROXY: value }), message)
    })
  }

  it('refuses a malformed TAUBE_AUTH_ALLOWLIST, naming it', () => {
    assert.throws(
      () => loadConfig({ TAUBE_AUTH_ALLOWLIST: '10.0.0.1,nope' }),
      /TAUBE_AUTH_ALLOWLIST: nope/,
    )
    assert.deepEqual(
      loadConfig({ TAUBE_AUTH_ALLOWLIST: '10.0.0.1, 2001:db8::/32' }).authAllowlist,
      ['10.0.0.1', '2001:db8::/32'],
    )
  })

  it('taube serve refuses TAUBE_TRUST_PROXY=true at start and exits', async () => {
    const r = await runTaube(['serve'], {
      TAUBE_TRUST_PROXY: 'true',
      TAUBE_DATABASE_URL: 'sqlite::memory:',
      TAUBE_PORT: '0',
      TAUBE_LOG_LEVEL: 'warn',
    })
    assert.equal(r.code, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /TAUBE_TRUST_PROXY=true is refused/)
    assert.match(r.stderr, /e\.g\. TAUBE_TRUST_PROXY=10\.0\.0\.5/)
    assert.doesNotMatch(r.stdout, /listening on/)
  })
})
