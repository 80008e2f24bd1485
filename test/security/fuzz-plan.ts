// The fuzz run's requests, in the order they are sent: the same list for a seed, so a failure
// can be replayed. Customer operations run as tenant A on A's own resources, operator ones with
// the operator token on tenant B's; wrong methods first, deletions last.
import { casesFor, seededRng, wrongMethodCases, type FuzzCase } from './fuzz-generators.js'
import { fillPath, inSafeOrder, methodsByPath, type Operation } from './openapi-operations.js'
import { sampleRequest } from './request-samples.js'
import type { TenantFixtures } from './resource-fixtures.js'
import type { Caller, SecurityServer } from './security-server.js'

export const FUZZ_SEED = Number(process.env.TAUBE_FUZZ_SEED ?? 0x18f022)

export type PlannedCase = FuzzCase & {
  /** The operation (or `wrong methods`) the case is reported under. */
  group: string
  /** The operation whose documented answers apply, null for an undocumented method. */
  op: Operation | null
  as: Caller
}

export async function fuzzPlan(
  s: SecurityServer,
  customer: TenantFixtures,
  operated: TenantFixtures,
  seed: number,
): Promise<PlannedCase[]> {
  const rng = seededRng(seed)
  const side = (admin: boolean) =>
    admin ? { f: operated, as: 'admin' as const } : { f: customer, as: customer.tenant }
  const plan: PlannedCase[] = []
  const byPath = methodsByPath(s.ops)
  for (const path of byPath.keys()) {
    const { f, as } = side(path.startsWith('/admin/'))
    const { values } = await f.fill(path)
    for (const c of wrongMethodCases(rng, path, byPath, values)) {
      plan.push({ ...c, group: 'wrong methods', op: null, as })
    }
  }
  const ordered = [
    ...inSafeOrder(s.ops.filter((op) => !op.admin)),
    ...inSafeOrder(s.ops.filter((op) => op.admin)),
  ]
  for (const op of ordered) {
    const { f, as } = side(op.admin)
    const { values } = await f.fill(op.path)
    const sample = sampleRequest(op, {
      tenant: f.tenant,
      receiverUrl: s.receiver.url,
      nowS: s.server.clock.nowS(),
    })
    const url = fillPath(
      op.path,
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])),
    )
    for (const c of casesFor({ op, rng, values, url, sample }))
      plan.push({ ...c, group: op.name, op, as })
  }
  return plan
}
