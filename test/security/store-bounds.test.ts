// Values no store column can take are refused at the edge, on every operation of the OpenAPI
// document: a NUL in a query filter and an integer beyond 64 bits each failed a PostgreSQL query
// with a 500 (SQLite took them).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { answerProblems } from './answer-checks.js'
import { fillPath, type Operation, type Schema } from './openapi-operations.js'
import { sampleRequest } from './request-samples.js'
import { TenantFixtures } from './resource-fixtures.js'
import { startSecurityServer, type SecurityServer } from './security-server.js'

describe('values the store cannot hold', () => {
  let s: SecurityServer
  let fa: TenantFixtures
  let fb: TenantFixtures
  before(async () => {
    s = await startSecurityServer()
    fa = new TenantFixtures(s, s.a)
    fb = new TenantFixtures(s, s.b)
  })
  after(() => s?.close())

  const target = async (op: Operation) => {
    const f = op.admin ? fb : fa
    const { values } = await f.fill(op.path)
    const url = fillPath(op.path, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])))
    return { url, as: op.admin ? ('admin' as const) : s.a, tenant: f.tenant }
  }

  it('answers a NUL in any documented text filter with 400 naming the parameter', async () => {
    const failures: string[] = []
    let probed = 0
    for (const op of s.ops.filter((o) => o.method === 'GET' || o.path.includes('/ops/'))) {
      const { url, as } = await target(op)
      for (const p of op.params.filter((x) => x.in === 'query' && !x.name.includes('[') && x.name !== 'page')) {
        const r = await s.call({ method: op.method, url: `${url}?${encodeURIComponent(p.name)}=a%00b`, as })
        probed++
        const problems = answerProblems(r, op)
        // A text filter refuses it; an integer, UUID or boolean filter refuses any such value.
        if (r.status !== 400 || r.json?.code !== 'INVALID_QUERY_PARAMETER') problems.push(`status ${r.status} ${r.json?.code}`)
        if (problems.length > 0) failures.push(`${op.method} ${url}?${p.name}=a%00b → ${problems.join('; ')}`)
      }
    }
    assert.ok(probed >= 50, `only ${probed} filters`)
    assert.deepEqual(failures, [])
  })

  it('answers an integer beyond what the store holds with 422, in every body field that takes integers', async () => {
    const failures: string[] = []
    let probed = 0
    for (const op of s.ops.filter((o) => o.body?.contentTypes.some((t) => /json/.test(t)) && o.method !== 'DELETE')) {
      const { url, as, tenant } = await target(op)
      const sample = sampleRequest(op, { tenant, receiverUrl: s.receiver.url, nowS: s.server.clock.nowS() })
      if (sample.body === null || typeof sample.body !== 'object' || Array.isArray(sample.body)) continue
      for (const name of integerFields(op.body!.schema)) {
        for (const v of [2 ** 63, 1e308, -1e308]) {
          const payload = JSON.stringify({ ...sample.body, [name]: v })
          const r = await s.call({ method: op.method, url, as, payload, headers: { 'content-type': 'application/json' } })
          probed++
          const problems = answerProblems(r, op)
          if (r.status !== 422) problems.push(`status ${r.status}`)
          if (problems.length > 0) failures.push(`${op.method} ${url} ${name}=${v} → ${problems.join('; ')}: ${r.text.slice(0, 120)}`)
        }
      }
    }
    assert.ok(probed >= 15, `only ${probed} fields`)
    assert.deepEqual(failures, [])
  })
})

/** Top-level body properties whose schema takes an integer (alone or in a union). */
function integerFields(schema: Schema): string[] {
  const isInt = (s: Schema): boolean => s.type === 'integer' || (s.anyOf ?? []).some(isInt)
  return Object.entries(schema.properties ?? {})
    .filter(([, s]) => isInt(s))
    .map(([n]) => n)
}
