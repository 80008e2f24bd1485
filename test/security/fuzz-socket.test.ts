// The fuzz run's guarantees over a real socket: what only a socket can send (bytes that are not
// valid percent-encoding, an unnormalised `..`, oversized or broken headers, which Node's HTTP
// parser answers before any route), and a seeded sample of the app.inject run sent again as raw
// HTTP/1.1. Every answer: no 5xx, the request id, a Hydra error from the catalogue.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { answerProblems } from './answer-checks.js'
import { expectStatus } from './fuzz-generators.js'
import { FUZZ_SEED, fuzzPlan, type PlannedCase } from './fuzz-plan.js'
import { rawRequest } from './raw-http.js'
import { TenantFixtures } from './resource-fixtures.js'
import { startSecurityServer, type Answer, type Caller, type SecurityServer } from './security-server.js'
import { ADMIN_TOKEN } from '../helpers/test-server.js'

/** How many cases of the inject run go over the socket as well. */
const SAMPLED = 40

describe(`fuzz over a real socket (seed ${FUZZ_SEED})`, () => {
  let s: SecurityServer
  let port: number
  let plan: PlannedCase[]

  before(async () => {
    s = await startSecurityServer()
    port = Number(new URL(s.server.url).port)
    plan = await fuzzPlan(s, new TenantFixtures(s, s.a), new TenantFixtures(s, s.b), FUZZ_SEED)
  })
  after(() => s?.close())

  const auth = (as: Caller): string =>
    as === 'admin' ? `\r\nAuthorization: Bearer ${ADMIN_TOKEN}` : as === null ? '' : `\r\nX-LOX24-AUTH-TOKEN: ${as.token}`
  const head = (requestLine: string, as: Caller, headers: Record<string, string> = {}) =>
    `${requestLine}\r\nHost: 127.0.0.1${auth(as)}${Object.entries(headers)
      .map(([k, v]) => `\r\n${k}: ${v}`)
      .join('')}`

  const special: { label: string; send: () => Promise<Answer>; expect?: (r: Answer) => string[] }[] = [
    {
      label: 'a path that is not valid percent-encoding',
      send: () => rawRequest(port, head('GET /groups/%FF%FE HTTP/1.1', s.a)),
      expect: (r) => (r.status === 400 || r.status === 404 ? [] : [`status ${r.status}`]),
    },
    {
      label: 'a path id of 200 characters',
      send: () => rawRequest(port, head(`GET /sms/${'a'.repeat(200)} HTTP/1.1`, s.a)),
      expect: (r) => (r.status >= 400 && r.status < 500 ? [] : [`status ${r.status}`]),
    },
    {
      label: 'raw bytes that are not UTF-8 in the path',
      send: () => rawRequest(port, head('GET /groups/\xff\xfe HTTP/1.1', s.a)),
    },
    {
      label: 'an unnormalised .. in the path',
      send: () => rawRequest(port, head('GET /sms/../admin/accounts HTTP/1.1', s.a)),
      expect: (r) => (r.status === 200 ? ['a customer key reached the operator API through ..'] : []),
    },
    {
      label: 'an encoded ../ in the path',
      send: () => rawRequest(port, head('GET /sms/..%2F..%2Fadmin%2Faccounts HTTP/1.1', s.a)),
      expect: (r) => (r.status === 200 ? ['a customer key reached the operator API through ..%2F'] : []),
    },
    {
      label: 'headers over the size limit',
      send: () => rawRequest(port, head('GET /me HTTP/1.1', s.a, { 'X-Padding': 'a'.repeat(20_000) })),
      expect: (r) => expectStatus(r, 431),
    },
    {
      label: 'a request line over the header size limit',
      send: () => rawRequest(port, head(`GET /sms?text=${'a'.repeat(20_000)} HTTP/1.1`, s.a)),
      expect: (r) => (r.status === 414 || r.status === 431 ? [] : [`status ${r.status}, expected 414 or 431`]),
    },
    {
      label: 'a header line without a colon',
      send: () => rawRequest(port, head('GET /me HTTP/1.1', s.a) + '\r\nthis is no header'),
      expect: (r) => expectStatus(r, 400),
    },
    {
      label: 'PATCH on /sms, a path that has GET and POST',
      send: () => rawRequest(port, head('PATCH /sms HTTP/1.1', s.a)),
      expect: (r) => expectStatus(r, 405, 'METHOD_NOT_ALLOWED'),
    },
    {
      label: 'JSON in UTF-16',
      send: () =>
        rawRequest(
          port,
          head('POST /sms HTTP/1.1', s.a, { 'Content-Type': 'application/json; charset=utf-16' }),
          Buffer.from(JSON.stringify({ phone: '+491701234567', sender_id: 'Taube', text: 'utf-16' }), 'utf16le'),
        ),
      expect: (r) => expectStatus(r, 415, 'UNSUPPORTED_MEDIA_TYPE'),
    },
  ]

  it('answers what only a socket can send in the gateway’s own error format', async (t) => {
    for (const c of special) {
      await t.test(c.label, async () => {
        const r = await c.send()
        const problems = [...answerProblems(r, null), ...(c.expect?.(r) ?? [])]
        assert.deepEqual(problems, [], `${r.status} ${JSON.stringify(r.headers)} ${r.text.slice(0, 200)}`)
      })
    }
  })

  it(`answers a seeded sample of ${SAMPLED} fuzz cases over the socket as it does through inject`, async () => {
    const failures: string[] = []
    const sample = sampleOf(plan, SAMPLED)
    for (const c of sample) {
      const body = c.payload ?? ''
      const line = `${c.method} ${c.url} HTTP/1.1`
      const r = await rawRequest(port, head(line, c.as, c.headers), body)
      const problems = [...answerProblems(r, c.op), ...(c.expect?.(r) ?? [])]
      if (problems.length > 0) failures.push(`${c.group} ${c.label}: ${c.method} ${c.url.slice(0, 100)} → ${r.status}: ${problems.join('; ')}`)
    }
    assert.equal(failures.length, 0, `${failures.length} of ${sample.length}:\n  ${failures.join('\n  ')}`)
  })
})

/** Every n-th case, so the sample spreads over all operations and keeps their order. */
function sampleOf(plan: PlannedCase[], n: number): PlannedCase[] {
  const step = Math.max(1, Math.floor(plan.length / n))
  return plan.filter((_, i) => i % step === 0).slice(0, n)
}
