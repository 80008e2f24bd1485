// A fuzz run over every operation of the OpenAPI document, through app.inject: bad inputs made
// from a seed (TAUBE_FUZZ_SEED to try another; the failing case's label says how to send it
// again), and every answer checked: no 5xx, the request id, a Hydra error with a catalogue code
// or a success body of the documented shape.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { answerProblems } from './answer-checks.js'
import { fuzzPlan, FUZZ_SEED, type PlannedCase } from './fuzz-plan.js'
import { TenantFixtures } from './resource-fixtures.js'
import { startSecurityServer, type SecurityServer } from './security-server.js'

describe(`fuzz run over every operation (seed ${FUZZ_SEED})`, () => {
  let s: SecurityServer
  let plan: PlannedCase[]

  before(async () => {
    s = await startSecurityServer()
    plan = await fuzzPlan(s, new TenantFixtures(s, s.a), new TenantFixtures(s, s.b), FUZZ_SEED)
  })
  after(() => s?.close())

  it('answers every bad request with a catalogued error or a valid body, never a 5xx', async (t) => {
    assert.ok(plan.length >= 300, `only ${plan.length} cases`)
    assert.ok(new Set(plan.map((c) => c.op?.name)).size >= s.ops.length, 'every operation gets cases')
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
          if (problems.length > 0) {
            failures.push(`${c.label}\n      ${c.method} ${c.url.slice(0, 120)} → ${r.status}: ${problems.join('; ')}\n      ${r.text.slice(0, 160)}`)
          }
        }
        assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases:\n  ${failures.join('\n  ')}`)
      })
    }
  })
})
