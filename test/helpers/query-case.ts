// The shape of an accepted query in the parseQuery tables, and its check.
import assert from 'node:assert/strict'
import type { Condition, FilterSpec, OrderBy } from '../../src/domain/query/filter-spec.js'
import { parseQuery, type RawQuery } from '../../src/domain/query/parse-query.js'

export type OkCase = {
  name: string
  query: RawQuery
  conditions: Condition[]
  order?: OrderBy[]
  page?: number
  paging?: boolean
}

export function expectOk(spec: FilterSpec, c: OkCase, defaultOrder: OrderBy[]): void {
  const r = parseQuery(spec, c.query, { paging: c.paging ?? true })
  assert.deepEqual(r, {
    ok: true,
    value: { conditions: c.conditions, order: c.order ?? defaultOrder, page: c.page ?? 1 },
  })
}
