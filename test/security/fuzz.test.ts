// A fuzz run over every operation of the OpenAPI document: bad inputs made from a seed
// (TAUBE_FUZZ_SEED to try another; a failing case's label says how to send it again), through
// app.inject and, for a sample and what only a socket can send, as raw HTTP/1.1 over a socket.
// Every answer is checked: no 5xx, the request id, a Hydra error with a catalogue code or a
// success body of the documented shape. First, values no store column can take (a NUL in a
// query filter, an integer beyond 64 bits: each failed a PostgreSQL query with a 500).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { answerProblems } from './answer-checks.js'
import { fuzzPlan, FUZZ_SEED, type PlannedCase } from './fuzz-plan.js'
import { fillPath, type Operation, type Schema } from './openapi-operations.js'
import { rawRequest } from './raw-http.js'
import { sampleRequest } from './request-samples.js'
import { TenantFixtures } from './resource-fixtures.js'
import { startSecurityServer, type SecurityServer } from './security-server.js'
import { rawHead, socketCases } from './socket-cases.js'

/** How many cases of the inject run go over the socket as well. */
const SOCKET_SAMPLE = 40

describe(`fuzz run over every operation (seed ${FUZZ_SEED})`, () => {
  let s: SecurityServer
  let fa: TenantFixtures
  let fb: TenantFixtures
  let plan: PlannedCase[]

  before(async () => {
    s = await startSecurityServer()
    fa = new TenantFixtures(s, s.a)
    fb = new TenantFixtures(s, s.b)
    plan = await fuzzPlan(s, fa, fb, FUZZ_SEED)
  })
  after(() => s?.close())

  const target = async (op: Operation) => {
    const f = op.admin ? fb : fa
    const { values } = await f.fill(op.path)
    const url = fillPath(
      op.path,
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])),
    )
    return { url, as: op.admin ? ('admin' as const) : s.a, tenant: f.tenant }
  }

  it('answers a NUL in any documented text filter with 400 naming the parameter', async () => {
    const failures: string[] = []
    let probed = 0
    for (const op of s.ops.filter((o) => o.method === 'GET' || o.path.includes('/ops/'))) {
      const { url, as } = await target(op)
      for (const p of op.params.filter(
        (x) => x.in === 'query' && !x.name.includes('[') && x.name !== 'page',
      )) {
        const r = await s.call({
          method: op.method,
          url: `${url}?${encodeURIComponent(p.name)}=a%00b`,
          as,
        })
        probed++
        const problems = answerProblems(r, op)
        // A text filter refuses it; an integer, UUID or boolean filter refuses any such value.
        if (r.status !== 400 || r.json?.code !== 'INVALID_QUERY_PARAMETER') {
          problems.push(`status ${r.status} ${r.json?.code}`)
        }
        if (problems.length > 0)
          failures.push(`${op.method} ${url}?${p.name}=a%00b → ${problems.join('; ')}`)
      }
    }
    assert.ok(probed >= 50, `only ${probed} filters`)
    assert.deepEqual(failures, [])
  })

  it('answers an integer beyond what the store holds with 422, in every body field that takes integers', async () => {
    const failures: string[] = []
    let probed = 0
    for (const op of s.ops.filter(
      (o) => o.body?.contentTypes.some((t) => /json/.test(t)) && o.method !== 'DELETE',
    )) {
      const { url, as, tenant } = await target(op)
      const sample = sampleRequest(op, {
        tenant,
        receiverUrl: s.receiver.url,
        nowS: s.server.clock.nowS(),
      })
      if (sample.body === null || typeof sample.body !== 'object' || Array.isArray(sample.body))
        continue
      for (const name of integerFields(op.body!.schema)) {
        for (const v of [2 ** 63, 1e308, -1e308]) {
          const payload = JSON.stringify({ ...sample.body, [name]: v })
          const r = await s.call({
            method: op.method,
            url,
            as,
            payload,
            headers: { 'content-type': 'application/json' },
          })
          probed++
          const problems = answerProblems(r, op)
          if (r.status !== 422) problems.push(`status ${r.status}`)
          if (problems.length > 0) {
            failures.push(
              `${op.method} ${url} ${name}=${v} → ${problems.join('; ')}: ${r.text.slice(0, 120)}`,
            )
          }
        }
      }
    }
    assert.ok(probed >= 15, `only ${probed} fields`)
    assert.deepEqual(failures, [])
  })
  it('answers every bad request with a catalogued error or a valid body, never a 5xx', async (t) => {
    assert.ok(plan.length >= 250, `only ${plan.length} cases`)
    assert.ok(
      new Set(plan.map((c) => c.op?.name)).size >= s.ops.length,
      'every operation gets cases',
    )
    const groups = new Map<string, PlannedCase[]>()
    for (const c of plan) groups.set(c.group, [...(groups.get(c.group) ?? []), c])
    for (const [group, cases] of groups) {
      await t.test(group, async () => {
        const failures: string[] = []
        for (const c of cases) {
          const r = await s.call({
            method: c.method,
            url: c.url,
            as: c.as,
            headers: c.headers,
            ...(c.payload === undefined ? {} : { payload: c.payload }),
          })
          const problems = [...answerProblems(r, c.op), ...(c.expect?.(r) ?? [])]
          if (problems.length > 0) failures.push(report(c, r.status, problems, r.text))
        }
        assert.equal(
          failures.length,
          0,
          `${failures.length} of ${cases.length} cases:\n  ${failures.join('\n  ')}`,
        )
      })
    }
  })

  it('answers what only a socket can send in the gateway’s own error format', async (t) => {
    for (const c of socketCases(port(), s.a)) {
      await t.test(c.label, async () => {
        const r = await c.send()
        const problems = [...answerProblems(r, null), ...(c.expect?.(r) ?? [])]
        assert.deepEqual(
          problems,
          [],
          `${r.status} ${JSON.stringify(r.headers)} ${r.text.slice(0, 200)}`,
        )
      })
    }
  })

  it(`answers a sample of ${SOCKET_SAMPLE} fuzz cases over a socket as through inject`, async () => {
    const failures: string[] = []
    const step = Math.max(1, Math.floor(plan.length / SOCKET_SAMPLE))
    const sample = plan.filter((_, i) => i % step === 0).slice(0, SOCKET_SAMPLE)
    for (const c of sample) {
      const r = await rawRequest(
        port(),
        rawHead(`${c.method} ${c.url} HTTP/1.1`, c.as, c.headers),
        c.payload ?? '',
      )
      const problems = [...answerProblems(r, c.op), ...(c.expect?.(r) ?? [])]
      if (problems.length > 0) failures.push(report(c, r.status, problems, r.text))
    }
    assert.equal(
      failures.length,
      0,
      `${failures.length} of ${sample.length}:\n  ${failures.join('\n  ')}`,
    )
  })

  const port = () => Number(new URL(s.server.url).port)
})

function report(c: PlannedCase, status: number, problems: string[], text: string): string {
  const request = `${c.method} ${c.url.slice(0, 120)} → ${status}`
  return `${c.label}\n      ${request}: ${problems.join('; ')}\n      ${text.slice(0, 160)}`
}

/** Top-level body properties whose schema takes an integer (alone or in a union). */
function integerFields(schema: Schema): string[] {
  const isInt = (s: Schema): boolean => s.type === 'integer' || (s.anyOf ?? []).some(isInt)
  return Object.entries(schema.properties ?? {})
    .filter(([, s]) => isInt(s))
    .map(([n]) => n)
}
