// The block after failed authentications: it stops guessing, not service. Health, metrics and
// the docs stay open; the customer and the operator API each block an address on their own
// failures; an account id guessed at from many addresses is locked for addresses it was never
// used from; the state lives in the store, so every process sees it, and the operator lifts it
// with `taube ip unblock` or the operator API. Addresses come through X-Forwarded-For from the
// trusted test proxy (127.0.0.1), see proxy.test.ts.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import pino from 'pino'
import type { FastifyInstance } from 'fastify'
import { buildServer } from '../../src/api/server.js'
import { createContext, type AppContext } from '../../src/app/context.js'
import { runTaube } from '../helpers/cli.js'
import type { HttpResponse } from '../helpers/http.js'
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server.js'
import { waitFor } from '../helpers/wait-for.js'

// No user id: these failures count against the address only (the account lockout has tests of its own).
const BAD_KEY = { 'X-LOX24-AUTH-TOKEN': 'wrongwrongwrongwrongwrongwrong12' }
const BAD_ADMIN = { Authorization: 'Bearer wrong-admin-token-0123456789' }

function assertError(r: HttpResponse, status: number, code: string): number {
  assert.equal(r.status, status, r.text)
  assert.equal(r.body['@type'], 'hydra:Error')
  assert.equal(r.body.code, code)
  assert.match(r.headers.get('X-LOX24-REQUEST-ID') ?? '', /^[a-z0-9]{32}$/)
  return Number(r.headers.get('Retry-After'))
}

const from = (ip: string, headers: Record<string, string> = {}) => ({
  'X-Forwarded-For': ip,
  ...headers,
})

async function blockForCustomers(s: TestServer, ip: string): Promise<void> {
  const statuses = []
  for (let i = 0; i < 4; i++)
    statuses.push((await s.request('/me', { headers: from(ip, BAD_KEY) })).status)
  assert.deepEqual(statuses, [401, 401, 401, 401])
}

async function blockForOperators(s: TestServer, ip: string): Promise<void> {
  const statuses = []
  for (let i = 0; i < 4; i++)
    statuses.push((await s.request('/admin/accounts', { headers: from(ip, BAD_ADMIN) })).status)
  assert.deepEqual(statuses, [401, 401, 401, 401])
}

describe('the IP block covers authentication only', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({}, { delivery: true })
  })
  after(() => s.close())

  it('health, metrics, the docs and the OpenAPI document stay open to a blocked address', async () => {
    const ip = '198.51.100.1'
    await blockForCustomers(s, ip)
    await blockForOperators(s, ip)
    assertError(await s.request('/me', { token: s.token, headers: from(ip) }), 429, 'IP_BLOCKED')
    for (const path of ['/healthz', '/metrics', '/docs', '/docs/', '/openapi.json']) {
      const blocked = await s.request(path, { headers: from(ip) })
      const free = await s.request(path, { headers: from('198.51.100.250') })
      assert.notEqual(blocked.status, 429, path)
      assert.equal(blocked.status, free.status, `${path} answers a blocked address as any other`)
    }
    assert.equal((await s.request('/healthz', { headers: from(ip) })).status, 200)
    // /metrics may have protection of its own; whatever it answers, the block adds nothing.
    assert.equal((await s.request('/openapi.json', { headers: from(ip) })).status, 200)
  })

  it('a blocked address meets the block on the customer API even with the right key (no answer to learn from)', async () => {
    const ip = '198.51.100.2'
    await blockForCustomers(s, ip)
    const r = await s.request('/me', { token: s.token, headers: from(ip) })
    const retryAfter = assertError(r, 429, 'IP_BLOCKED')
    assert.ok(retryAfter > 590 && retryAfter <= 600, `Retry-After ${retryAfter}`)
  })

  it("customers' bad keys do not lock the operator out: a valid admin token passes", async () => {
    const ip = '198.51.100.3'
    await blockForCustomers(s, ip)
    const r = await s.admin('/admin/accounts', { headers: from(ip) })
    assert.equal(r.status, 200, r.text)
  })

  it('bad admin tokens block the operator API for that address, right token or not; customers are served', async () => {
    const ip = '198.51.100.4'
    await blockForOperators(s, ip)
    assertError(await s.admin('/admin/accounts', { headers: from(ip) }), 429, 'IP_BLOCKED')
    assert.equal((await s.request('/me', { token: s.token, headers: from(ip) })).status, 200)
    assert.equal((await s.admin('/admin/accounts', { headers: from('198.51.100.5') })).status, 200)
  })

  it('the operator login and the operator API share one block; customer logins stay open', async () => {
    const ip = '198.51.100.6'
    // Wrong tokens at the console's login block the bearer token too, and the other way round.
    for (let i = 0; i < 4; i++) {
      const r = await s.request('/operator/session', {
        body: { token: `wrong-admin-token-${i}` },
        headers: from(ip),
      })
      assert.equal(r.status, 401, r.text)
    }
    assertError(await s.admin('/admin/accounts', { headers: from(ip) }), 429, 'IP_BLOCKED')
    const login = await s.request('/operator/session', {
      body: { token: ADMIN_TOKEN },
      headers: from(ip),
    })
    assert.ok(assertError(login, 429, 'IP_BLOCKED') > 0)
    const key = s.token.slice(s.token.indexOf(':') + 1)
    const customer = await s.request('/session', {
      body: { user_id: String(s.userId), key },
      headers: from(ip),
    })
    assert.equal(customer.status, 200, customer.text)

    const other = '198.51.100.7'
    await blockForOperators(s, other)
    const blocked = await s.request('/operator/session', {
      body: { token: ADMIN_TOKEN },
      headers: from(other),
    })
    assertError(blocked, 429, 'IP_BLOCKED')
  })

  it('the operator API lists the block and lifts it', async () => {
    const ip = '2001:db8::44'
    await blockForCustomers(s, ip)
    await blockForOperators(s, ip)
    const list = await s.admin('/admin/auth-blocks')
    assert.equal(list.status, 200, list.text)
    const mine = list.body.blocks.filter((b: { subject: string }) => b.subject === ip)
    assert.deepEqual(mine.map((b: { kind: string }) => b.kind).sort(), ['admin-ip', 'ip'])
    assert.ok(mine.every((b: { retry_after: number }) => b.retry_after > 0 && b.retry_after <= 600))

    const lifted = await s.admin(
      `/admin/auth-blocks/addresses/${encodeURIComponent('2001:DB8:0::44')}`,
      {
        method: 'DELETE',
      },
    )
    assert.equal(lifted.status, 204, lifted.text)
    assert.equal((await s.request('/me', { token: s.token, headers: from(ip) })).status, 200)
    assert.equal((await s.admin('/admin/accounts', { headers: from(ip) })).status, 200)
    assertError(
      await s.admin(`/admin/auth-blocks/addresses/${encodeURIComponent(ip)}`, { method: 'DELETE' }),
      404,
      'AUTH_BLOCK_NOT_FOUND',
    )
    const bad = await s.admin('/admin/auth-blocks/addresses/not-an-ip', { method: 'DELETE' })
    assertError(bad, 400, 'INVALID_PATH_PARAMETER')
    assert.match(bad.body['hydra:description'], /address/)
  })
})

describe('TAUBE_AUTH_ALLOWLIST', () => {
  let s: TestServer
  before(async () => {
    s = await startTestServer({ authAllowlist: ['203.0.113.0/24', '2001:db8:aa::/48'] })
  })
  after(() => s.close())

  for (const ip of ['203.0.113.9', '2001:db8:aa::9']) {
    it(`never blocks ${ip}, on either API`, async () => {
      for (let i = 0; i < 10; i++) {
        assertError(await s.request('/me', { headers: from(ip, BAD_KEY) }), 401, 'UNAUTHENTICATED')
        assertError(
          await s.request('/admin/accounts', { headers: from(ip, BAD_ADMIN) }),
          401,
          'UNAUTHENTICATED',
        )
      }
      assert.equal((await s.request('/me', { token: s.token, headers: from(ip) })).status, 200)
      assert.equal((await s.admin('/admin/accounts', { headers: from(ip) })).status, 200)
    })
  }

  it('blocks addresses outside it as usual', async () => {
    await blockForCustomers(s, '203.0.114.9')
    assertError(
      await s.request('/me', { token: s.token, headers: from('203.0.114.9') }),
      429,
      'IP_BLOCKED',
    )
  })
})

describe('the account lockout against guessing spread over many addresses', () => {
  let s: TestServer
  let victim: { userId: number; token: string }
  let bystander: { userId: number; token: string }
  const KNOWN = '192.0.2.200'

  before(async () => {
    s = await startTestServer()
    victim = await s.createAccount({ name: 'Victim' })
    bystander = await s.createAccount({ name: 'Bystander' })
  })
  after(() => s.close())

  /** The probe: 60 addresses × 4 wrong tokens for one user id. */
  async function probe(userId: number, net: number): Promise<HttpResponse[]> {
    const answers: HttpResponse[] = []
    for (let a = 0; a < 60; a++) {
      const ip = `10.${net}.${Math.floor(a / 200)}.${(a % 200) + 1}`
      for (let g = 0; g < 4; g++) {
        const token = `${userId}:guess${a}x${g}guessguessguessguessguessgu`
        answers.push(await s.request('/me', { token, headers: from(ip) }))
      }
    }
    return answers
  }

  it('stops 240 guesses from 60 addresses after 11, for 15 minutes, with 429 and Retry-After', async () => {
    // The holder's own server has used the key before the attack.
    assert.equal(
      (await s.request('/me', { token: victim.token, headers: from(KNOWN) })).status,
      200,
    )

    const answers = await probe(victim.userId, 1)
    const checked = answers.filter((r) => r.status === 401).length
    assert.equal(checked, 11, 'ten failures are tolerated, the eleventh locks the account')
    const locked = answers.filter((r) => r.status === 429)
    assert.equal(locked.length, 240 - 11)
    for (const r of locked) {
      const retryAfter = assertError(r, 429, 'ACCOUNT_LOCKED')
      assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`)
    }

    // The right key from an address the account never used meets the lockout: no oracle.
    assertError(
      await s.request('/me', { token: victim.token, headers: from('192.0.2.201') }),
      429,
      'ACCOUNT_LOCKED',
    )
    // The holder's own server is not locked out.
    assert.equal(
      (await s.request('/me', { token: victim.token, headers: from(KNOWN) })).status,
      200,
    )
    // Nor is any other account.
    assert.equal(
      (await s.request('/me', { token: bystander.token, headers: from('192.0.2.202') })).status,
      200,
    )

    const list = await s.admin('/admin/auth-blocks')
    assert.ok(
      list.body.blocks.some(
        (b: { kind: string; subject: string }) =>
          b.kind === 'account' && b.subject === String(victim.userId),
      ),
      list.text,
    )

    // The lockout ends by itself and is not extended by the guesses during it.
    s.clock.advance(900_000)
    assert.equal(
      (await s.request('/me', { token: victim.token, headers: from('192.0.2.201') })).status,
      200,
    )
  })

  it('the operator lifts a lockout early', async () => {
    await probe(bystander.userId, 2)
    const fresh = from('192.0.2.210')
    assertError(
      await s.request('/me', { token: bystander.token, headers: fresh }),
      429,
      'ACCOUNT_LOCKED',
    )
    const r = await s.admin(`/admin/auth-blocks/accounts/${bystander.userId}`, { method: 'DELETE' })
    assert.equal(r.status, 204, r.text)
    assert.equal((await s.request('/me', { token: bystander.token, headers: fresh })).status, 200)
  })

  it('locks a user id that does not exist the same way (no hint which ids exist)', async () => {
    const answers = await probe(9_999_999, 3)
    assert.equal(answers.filter((r) => r.status === 401).length, 11)
    assert.equal(answers.filter((r) => r.body?.code === 'ACCOUNT_LOCKED').length, 240 - 11)
  })
})

describe('the block is shared through the store', () => {
  let s: TestServer
  let ctx2: AppContext
  let app2: FastifyInstance

  before(async () => {
    s = await startTestServer()
    // Real time, so that the `taube` command (on the system clock) sees the blocks in force.
    s.clock.advance(Date.now() - s.clock.nowMs())
    ctx2 = await createContext(s.ctx.config, { clock: s.clock, log: pino({ level: 'silent' }) })
    app2 = await buildServer(ctx2)
    ctx2.lifecycle.add('http', () => app2.close())
  })
  after(async () => {
    await ctx2.lifecycle.stopAll()
    await s.close()
  })

  /** GET /me on the second instance (app.inject comes from 127.0.0.1, the trusted proxy). */
  const me2 = (ip: string, headers: Record<string, string> = { 'X-LOX24-AUTH-TOKEN': s.token }) =>
    app2.inject({ method: 'GET', url: '/me', headers: from(ip, headers) })

  it('a block started on one instance holds on the other', async () => {
    const ip = '198.51.100.60'
    await blockForCustomers(s, ip)
    const r = await me2(ip)
    assert.equal(r.statusCode, 429, r.body)
    assert.equal(JSON.parse(r.body).code, 'IP_BLOCKED')
    assert.equal((await me2('198.51.100.61')).statusCode, 200)
  })

  it('failures on both instances add up to one allowance', async () => {
    const ip = '198.51.100.62'
    assert.equal((await s.request('/me', { headers: from(ip, BAD_KEY) })).status, 401)
    assert.equal((await me2(ip, BAD_KEY)).statusCode, 401)
    assert.equal((await s.request('/me', { headers: from(ip, BAD_KEY) })).status, 401)
    assert.equal((await me2(ip, BAD_KEY)).statusCode, 401)
    assert.equal(
      (await me2(ip)).statusCode,
      429,
      'the instance that saw the fourth failure blocks at once',
    )
    // The other one rereads what it last read of the address within a second.
    await waitFor(
      'the first instance to block too',
      async () => (await s.request('/me', { token: s.token, headers: from(ip) })).status === 429,
    )
    assertError(await s.request('/me', { token: s.token, headers: from(ip) }), 429, 'IP_BLOCKED')
  })

  it('`taube ip list` shows it and `taube ip unblock` lifts it for both instances', async () => {
    const ip = '198.51.100.63'
    await blockForCustomers(s, ip)
    await blockForOperators(s, ip)
    assert.equal((await me2(ip)).statusCode, 429)
    const env = { TAUBE_DATABASE_URL: s.ctx.config.databaseUrl, TAUBE_ADMIN_TOKEN: ADMIN_TOKEN }

    const list = await runTaube(['ip', 'list', '--json'], env)
    assert.equal(list.code, 0, list.stderr)
    const blocks = JSON.parse(list.stdout) as { kind: string; subject: string }[]
    assert.deepEqual(
      blocks
        .filter((b) => b.subject === ip)
        .map((b) => b.kind)
        .sort(),
      ['admin-ip', 'ip'],
    )

    const unblock = await runTaube(['ip', 'unblock', ip], env)
    assert.equal(unblock.code, 0, unblock.stderr)
    assert.match(unblock.stdout, new RegExp(`${ip.replaceAll('.', '\\.')} unblocked`))

    // Each instance rereads a block it has seen within a second.
    await waitFor(
      'the first instance to serve the address',
      async () => (await s.request('/me', { token: s.token, headers: from(ip) })).status === 200,
    )
    await waitFor(
      'the second instance to serve the address',
      async () => (await me2(ip)).statusCode === 200,
    )
    assert.equal((await s.admin('/admin/accounts', { headers: from(ip) })).status, 200)

    const again = await runTaube(['ip', 'unblock', ip], env)
    assert.match(again.stdout, /was not blocked/)
    const junk = await runTaube(['ip', 'unblock', 'nope'], env)
    assert.equal(junk.code, 2)
    assert.match(junk.stderr, /ADDRESS "nope" is not allowed: use an IPv4 or IPv6 address/)
  })

  it('`taube ip unblock --account` lifts an account lockout', async () => {
    const acc = await s.createAccount({ name: 'Guessed' })
    for (let i = 0; i < 11; i++) {
      await s.request('/me', {
        token: `${acc.userId}:wrong${i}wrongwrongwrongwrongwrong`,
        headers: from(`10.50.0.${i + 1}`),
      })
    }
    const fresh = from('10.50.1.1')
    assert.equal((await s.request('/me', { token: acc.token, headers: fresh })).status, 429)
    const env = { TAUBE_DATABASE_URL: s.ctx.config.databaseUrl }
    const r = await runTaube(['ip', 'unblock', '--account', String(acc.userId)], env)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`account ${acc.userId} unlocked`))
    await waitFor(
      'the account to be served again',
      async () => (await s.request('/me', { token: acc.token, headers: fresh })).status === 200,
    )
  })
})
