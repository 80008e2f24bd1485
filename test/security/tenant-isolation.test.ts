// Tenant isolation over every operation of the OpenAPI document: tenant B, with its own valid key,
// calls every method on tenant A's resources and gets the answer an unknown id gets (404), and A's
// resources read back unchanged; B's lists never show A's data; the operator API refuses
// customer keys. New endpoints are covered as soon as they are documented.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { answerProblems } from './answer-checks.js'
import { fillPath, inSafeOrder, parameterKeys, type Operation } from './openapi-operations.js'
import { FIXTURES, OWN_PLACES, TenantFixtures, missingFixtureKeys } from './resource-fixtures.js'
import { sampleRequest, type SampleRequest } from './request-samples.js'
import {
  startSecurityServer,
  type Answer,
  type SecurityServer,
  type Tenant,
} from './security-server.js'

/** How long the owner's control request waits (on the test clock): a code goes out once a minute. */
const OWNER_WAITS_MS: Record<string, number> = { 'POST /sender-numbers/{id}/code': 61_000 }

/**
 * Operations after which the owner's resource is made anew: a number verifies once, and a new
 * code replaces the one its fixture knows.
 */
const SPENT_BY_OWNER = ['POST /sender-numbers/{id}/verify', 'POST /sender-numbers/{id}/code']

describe('tenant isolation', () => {
  let s: SecurityServer
  let fa: TenantFixtures
  let fb: TenantFixtures

  before(async () => {
    s = await startSecurityServer()
    fa = new TenantFixtures(s, s.a)
    fb = new TenantFixtures(s, s.b)
  })
  after(() => s?.close())

  const customerOps = () => s.ops.filter((op) => !op.admin)
  const ownPlace = (op: Operation) => parameterKeys(op.path).some((p) => OWN_PLACES.includes(p.key))
  const withIds = (ops: Operation[]) =>
    inSafeOrder(ops.filter((op) => parameterKeys(op.path).length > 0 && !ownPlace(op)))

  const send = (op: Operation, url: string, as: Tenant, req: SampleRequest, ip?: string) =>
    s.call({
      method: op.method,
      url,
      as,
      ...(req.payload === undefined ? {} : { payload: req.payload }),
      ...(req.contentType === undefined ? {} : { headers: { 'content-type': req.contentType } }),
      ...(ip === undefined ? {} : { ip }),
    })
  const sample = (op: Operation, t: Tenant) =>
    sampleRequest(op, { tenant: t, receiverUrl: s.receiver.url, nowS: s.server.clock.nowS() })
  const encoded = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]))

  // An operation under credentials of its own is probed by a suite of its own, with its own
  // credentials: bad input, wrong credentials and floods (its answers are its protocol's).
  const OWN_SUITES: Record<string, string> = {
    'GET /api/kannel/{file}': 'test/api/kannel-send.test.ts',
    'POST /api/kannel/{file}': 'test/api/kannel-send.test.ts',
    'POST /api/sms': 'test/api/seven-sms.test.ts',
    'GET /api/sms': 'test/api/seven-sms.test.ts',
    'DELETE /api/sms': 'test/api/seven-sms.test.ts',
    'GET /api/balance': 'test/api/seven-account.test.ts',
    'GET /api/status': 'test/api/seven-account.test.ts',
    'GET /api/hooks': 'test/api/seven-account.test.ts',
    'POST /api/hooks': 'test/api/seven-account.test.ts',
    'DELETE /api/hooks': 'test/api/seven-account.test.ts',
    'POST /json/1.3/createSMSMessage': 'test/api/pushwoosh-sms.test.ts',
    'POST /json/1.3/registerDevice': 'test/api/pushwoosh-stats.test.ts',
    'POST /json/1.3/unregisterDevice': 'test/api/pushwoosh-stats.test.ts',
    'POST /json/1.3/totalsByIntervals': 'test/api/pushwoosh-stats.test.ts',
    'POST /json/1.3/getMessageDetails': 'test/api/pushwoosh-stats.test.ts',
    'POST /messaggi/tokens': 'test/api/messaggi-tokens.test.ts',
    'GET /messaggi/tokens': 'test/api/messaggi-tokens.test.ts',
    'DELETE /messaggi/tokens/{id}': 'test/api/messaggi-tokens.test.ts',
    'GET /messaggi/messages': 'test/api/messaggi-messages.test.ts',
    'POST /messaggi/messages': 'test/api/messaggi-messages.test.ts',
    'GET /messaggi/messages/{id}': 'test/api/messaggi-messages.test.ts',
    'PUT /messaggi/messages/{id}': 'test/api/messaggi-messages.test.ts',
    'DELETE /messaggi/messages/{id}': 'test/api/messaggi-messages.test.ts',
    'GET /messaggi/messages/{id}/recipients': 'test/api/messaggi-messages.test.ts',
    'GET /messaggi/messages/{id}/recipients/{number}': 'test/api/messaggi-messages.test.ts',

    'POST /session': 'test/api/dashboard-session.test.ts',
    'GET /session': 'test/api/dashboard-session.test.ts',
    'DELETE /session': 'test/api/dashboard-session.test.ts',
    'POST /operator/session': 'test/api/operator-session.test.ts',
    'GET /operator/session': 'test/api/operator-session.test.ts',
    'DELETE /operator/session': 'test/api/operator-session.test.ts',
  }
  it('every operation with credentials of its own has its own suite', () => {
    assert.ok(s.ownCredentialOps.length >= 2, 'the Kannel operations are documented')
    for (const op of s.ownCredentialOps) {
      const suite = OWN_SUITES[op.name]
      assert.ok(suite, `${op.name} (${op.ownCredentials.join(', ')}) has no suite in OWN_SUITES`)
      assert.ok(existsSync(join(import.meta.dirname, '..', '..', suite)), suite)
    }
  })

  it('has a fixture for every path parameter of the OpenAPI document', () => {
    assert.ok(s.ops.length > 50, `only ${s.ops.length} operations documented`)
    assert.deepEqual(
      missingFixtureKeys(s.ops),
      [],
      'These path parameters have no row in FIXTURES (test/security/resource-fixtures.ts); add one ' +
        'that makes such a resource, or the endpoint goes without its isolation test',
    )
  })

  it("answers another tenant's id as an unknown one (404) on every method, and changes nothing", async (t) => {
    const ops = withIds(customerOps())
    assert.ok(ops.length >= 20, `only ${ops.length} customer operations with an id`)
    for (const op of ops) {
      await t.test(op.name, async () => {
        const own = await fa.fill(op.path)
        const foreign = await fb.fill(op.path)
        const params = parameterKeys(op.path)
        const req = sample(op, s.b)
        const before = await fa.read(own.keys)
        // Every mix of A's and B's own ids in which at least one is A's, against the same mix
        // with A's ids replaced by ones that name nothing.
        for (let mask = 1; mask < 1 << params.length; mask++) {
          const mix = (a: (key: string, name: string) => string) =>
            fillPath(
              op.path,
              encoded(
                Object.fromEntries(
                  params.map((p, i) => [
                    p.name,
                    mask & (1 << i) ? a(p.key, p.name) : foreign.values[p.name]!,
                  ]),
                ),
              ),
            )
          const missing = await send(
            op,
            mix((key) => FIXTURES[key]!.missing),
            s.b,
            req,
          )
          assert.equal(missing.status, 404, `an unknown id: ${missing.text}`)
          const url = mix((_, name) => own.values[name]!)
          const r = await send(op, url, s.b, req)
          assert.deepEqual(answerProblems(r, op), [], `${url}: ${r.text}`)
          assert.equal(r.status, 404, `B on ${url} must get 404 as for an unknown id: ${r.text}`)
          assert.equal(r.json.code, missing.json.code, `${url}: the same code as for an unknown id`)
          assertNoLeak(r, s.a, url)
        }
        assert.deepEqual(
          await fa.read(own.keys),
          before,
          `A's resources changed under B's ${op.name}`,
        )
        // The control: the very same request by the owner works, so the 404 was for ownership.
        const url = fillPath(op.path, encoded(own.values))
        s.server.clock.advance(OWNER_WAITS_MS[op.name] ?? 0)
        const control = await send(op, url, s.a, sample(op, s.a))
        assert.ok(
          control.status >= 200 && control.status < 300,
          `A's own ${op.method} ${url}: ${control.status} ${control.text}`,
        )
        if (op.method === 'DELETE' || SPENT_BY_OWNER.includes(op.name))
          fa.drop(own.keys[own.keys.length - 1]!)
      })
    }
  })

  it("changes nothing of A's and shows nothing of A's through B's own places (slots)", async (t) => {
    const ops = inSafeOrder(customerOps().filter(ownPlace))
    assert.ok(ops.length >= 2, ops.map((o) => o.name).join(', '))
    for (const op of ops) {
      await t.test(op.name, async () => {
        const own = await fa.fill(op.path)
        await fb.fill(op.path)
        const before = await fa.read(own.keys)
        const url = fillPath(op.path, encoded(own.values))
        const r = await send(op, url, s.b, sample(op, s.b))
        assert.deepEqual(answerProblems(r, op), [], `${url}: ${r.text}`)
        assert.ok(r.status < 500, `${url}: ${r.status} ${r.text}`)
        assertNoLeak(r, s.a, url)
        assert.deepEqual(await fa.read(own.keys), before, `A's places changed under B's ${op.name}`)
        if (op.method === 'DELETE') fb.drop(own.keys[own.keys.length - 1]!)
      })
    }
  })

  it("lists only the caller's own items, whatever the filters name", async (t) => {
    // Both tenants hold one resource of every kind.
    for (const key of Object.keys(FIXTURES).filter((k) => !k.startsWith('/admin/'))) {
      await fa.get(key)
      await fb.get(key)
    }
    const aIds = await foreignIds()
    const bPaths: string[] = []
    for (const key of Object.keys(FIXTURES).filter((k) => !k.startsWith('/admin/'))) {
      bPaths.push(fillPath(key, encoded((await fb.fill(key)).values)))
    }
    const lists = customerOps().filter(
      (op) => op.method === 'GET' && parameterKeys(op.path).length === 0,
    )
    assert.ok(lists.length >= 6, lists.map((o) => o.name).join(', '))
    for (const op of lists) {
      await t.test(op.name, async () => {
        const plain = await s.call({ method: 'GET', url: op.path, as: s.b })
        assert.equal(plain.status, 200, plain.text)
        assertNoLeak(plain, s.a, op.path, aIds)
        if (Array.isArray(plain.json['hydra:member'])) {
          const members: { '@id'?: string }[] = plain.json['hydra:member']
          assert.ok(members.length > 0, `${op.path} lists B's own items`)
          // B's marker, or for a resource that stores no text of B's (a sender number) its path.
          const own = members.some((m) => m['@id'] !== undefined && bPaths.includes(m['@id']))
          assert.ok(plain.text.includes(s.b.marker) || own, `${op.path} shows B's own data`)
        }
        for (const url of filterUrls(op, aIds)) {
          const r = await s.call({ method: 'GET', url, as: s.b })
          assert.deepEqual(answerProblems(r, op), [], `${url}: ${r.text}`)
          assertNoLeak(r, s.a, url, aIds)
        }
      })
    }
  })

  it("changes nothing of A's through B's batch operations, whatever their filters name", async (t) => {
    const aIds = await foreignIds()
    const keys = Object.keys(FIXTURES).filter((k) => !k.startsWith('/admin/'))
    const ops = customerOps().filter(
      (op) =>
        op.method !== 'GET' &&
        parameterKeys(op.path).length === 0 &&
        op.params.some((p) => p.in === 'query'),
    )
    assert.ok(ops.length >= 2, ops.map((o) => o.name).join(', '))
    for (const op of ops) {
      await t.test(op.name, async () => {
        const before = await fa.read(keys)
        for (const url of filterUrls(op, aIds)) {
          const r = await send(op, url, s.b, sample(op, s.b))
          assert.deepEqual(answerProblems(r, op), [], `${url}: ${r.text}`)
          assertNoLeak(r, s.a, url)
        }
        assert.deepEqual(await fa.read(keys), before, `A's resources changed under B's ${op.name}`)
      })
    }
  })

  it("never sends A's events to B's webhooks", () => {
    const toB = s.receiver.received.filter((r) => r.url.includes(s.b.marker))
    assert.ok(toB.length > 0, 'B received its own events')
    for (const r of toB)
      assert.ok(!r.body.includes(s.a.marker), `B's webhook got A's data: ${r.body}`)
  })

  it('refuses a customer key on every operation of the operator API, and changes nothing there', async (t) => {
    const ops = s.ops.filter((op) => op.admin)
    assert.ok(ops.length >= 20, `only ${ops.length} operator operations`)
    const reads = ops.filter((op) => op.method === 'GET')
    const snapshot = async () => {
      const out: Record<string, unknown> = {}
      for (const op of reads) {
        const url = fillPath(op.path, encoded((await fb.fill(op.path)).values))
        const r = await s.call({ method: 'GET', url, as: 'admin' })
        assert.equal(r.status, 200, `${url}: ${r.text}`)
        out[url] = r.json
      }
      return out
    }
    for (const op of ops) await fb.fill(op.path)
    const before = await snapshot()
    // B's key in each place a client might put it; the ids are B's own account, key, webhook.
    const secret = s.b.token.split(':')[1]!
    const credentials: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${s.b.token}` },
      { authorization: `Bearer ${secret}` },
      { authorization: `Basic ${Buffer.from(s.b.token).toString('base64')}` },
    ]
    for (const op of ops) {
      await t.test(op.name, async () => {
        const url = fillPath(op.path, encoded((await fb.fill(op.path)).values))
        const req = sample(op, s.b)
        for (const headers of credentials) {
          const r = await s.call({
            method: op.method,
            url,
            as: s.b,
            // Each attempt from an address of its own: the IP block is not what is tested here.
            ip: s.freshIp(),
            headers: {
              ...(req.contentType ? { 'content-type': req.contentType } : {}),
              ...headers,
            },
            ...(req.payload === undefined ? {} : { payload: req.payload }),
          })
          assert.deepEqual(answerProblems(r, op), [], `${op.method} ${url}: ${r.text}`)
          assert.ok(
            r.status === 401 || r.status === 403,
            `${op.method} ${url} with ${JSON.stringify(headers)}: ${r.status} ${r.text}`,
          )
        }
      })
    }
    assert.deepEqual(
      await snapshot(),
      before,
      'the operator API state changed under a customer key',
    )
  })

  /** A's values that B's answers must never hold: ids of A's resources and their paths. */
  async function foreignIds(): Promise<{ values: string[]; paths: string[] }> {
    const values = (await fa.values()).filter((v) => !/^sec-/.test(v))
    const paths: string[] = []
    for (const key of Object.keys(FIXTURES).filter((k) => !k.startsWith('/admin/'))) {
      paths.push(fillPath(key, encoded((await fa.fill(key)).values)))
    }
    return { values, paths }
  }

  /**
   * The operation with each documented query parameter set to A's ids: two per parameter, in
   * turn, so that every id meets several parameters and the run stays short.
   */
  function filterUrls(op: Operation, aIds: { values: string[] }): string[] {
    const names = op.params.filter(
      (p) => p.in === 'query' && !p.name.includes('[') && p.name !== 'page',
    )
    const urls: string[] = []
    names.forEach((p, i) => {
      for (const v of [
        aIds.values[i % aIds.values.length]!,
        aIds.values[(i + 1) % aIds.values.length]!,
      ]) {
        urls.push(`${op.path}?${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`)
      }
    })
    return urls
  }
})

/** B's answer holds nothing of A: not A's marker, nor (in lists) A's ids or item paths. */
function assertNoLeak(
  r: Answer,
  a: Tenant,
  url: string,
  aIds?: { values: string[]; paths: string[] },
): void {
  assert.ok(!r.text.includes(a.marker), `${url} showed A's data to B: ${r.text.slice(0, 300)}`)
  if (aIds === undefined || r.json === undefined) return
  const members: unknown[] = Array.isArray(r.json['hydra:member']) ? r.json['hydra:member'] : []
  for (const m of members) {
    const id = (m as Record<string, unknown>)['@id']
    assert.ok(!aIds.paths.includes(String(id)), `${url} lists A's ${String(id)} to B`)
    for (const v of aIds.values.filter((x) => x.length >= 32)) {
      assert.ok(!JSON.stringify(m).includes(v), `${url} lists an item naming A's ${v} to B`)
    }
  }
}
