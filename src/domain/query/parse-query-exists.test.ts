import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { FilterSpec, OrderBy } from './filter-spec.js'
import { parseQuery, type RawQuery } from './parse-query.js'
import { expectOk, type OkCase } from '../../../test/helpers/query-case.js'

// A small spec of another resource, for what SMS_FILTERS does not offer (`exists`, a default
// order of two terms, an orderable partial field).
const LOCAL = {
  fields: {
    is_unicode: { kind: 'boolean', strategies: ['boolean', 'exists'] },
    group_id: { kind: 'integer', strategies: ['exact', 'exists'] },
    received_at: { kind: 'integer', strategies: ['range'], orderable: true },
    name: { kind: 'string', strategies: ['partial'], orderable: true },
    iso2: { kind: 'string', strategies: ['exact', 'exists'], orderable: true },
  },
  defaultOrder: [
    { field: 'received_at', direction: 'desc' },
    { field: 'name', direction: 'asc' },
  ],
} as const satisfies FilterSpec

describe('parseQuery with a spec offering exists', () => {
  const DEFAULT_LOCAL_ORDER: OrderBy[] = [
    { field: 'received_at', direction: 'desc' },
    { field: 'name', direction: 'asc' },
  ]
  const cases: OkCase[] = [
    { name: 'default order of two terms', query: {}, conditions: [] },
    ...(
      [
        ['1', true],
        ['true', true],
        ['0', false],
        ['false', false],
      ] as const
    ).map(([raw, value]): OkCase => ({
      name: `exists[is_unicode]=${raw}`,
      query: { 'exists[is_unicode]': raw },
      conditions: [{ op: 'exists', field: 'is_unicode', value }],
    })),
    {
      name: 'exists[group_id]=0',
      query: { 'exists[group_id]': '0' },
      conditions: [{ op: 'exists', field: 'group_id', value: false }],
    },
    {
      name: 'exists on a field whose name has a digit (exists[iso2]=1)',
      query: { 'exists[iso2]': '1' },
      conditions: [{ op: 'exists', field: 'iso2', value: true }],
    },
    {
      name: 'order by a field whose name has a digit (_order[iso2]=desc)',
      query: { '_order[iso2]': 'desc' },
      conditions: [],
      order: [{ field: 'iso2', direction: 'desc' }],
    },
    {
      name: 'boolean and exists on one field',
      query: { is_unicode: 'false', 'exists[is_unicode]': '1' },
      conditions: [
        { op: 'bool', field: 'is_unicode', value: false },
        { op: 'exists', field: 'is_unicode', value: true },
      ],
    },
    {
      name: 'exists on a field without the exists strategy is ignored',
      query: { 'exists[received_at]': '1', 'exists[name]': 'whatever' },
      conditions: [],
    },
    {
      name: 'range on a range-only field',
      query: { 'received_at[lte]': '99' },
      conditions: [{ op: 'lte', field: 'received_at', value: 99 }],
    },
    {
      name: 'range on an integer exact field (G-14)',
      query: { 'group_id[gt]': '5' },
      conditions: [{ op: 'gt', field: 'group_id', value: 5 }],
    },
    {
      name: 'order by a partial field replaces the default order',
      query: { '_order[name]': 'desc' },
      conditions: [],
      order: [{ field: 'name', direction: 'desc' }],
    },
    {
      name: 'SMS aliases do not leak into another spec',
      query: { sent: 'maybe', bulk_id: 'nope' },
      conditions: [],
    },
  ]
  for (const c of cases) {
    it(c.name, () => expectOk(LOCAL, c, DEFAULT_LOCAL_ORDER))
  }

  const errors: { query: RawQuery; parameter: string }[] = [
    { query: { 'exists[is_unicode]': 'maybe' }, parameter: 'exists[is_unicode]' },
    { query: { 'exists[group_id]': '' }, parameter: 'exists[group_id]' },
    { query: { 'name[gt]': '1' }, parameter: 'name[gt]' },
    { query: { '_order[is_unicode]': 'asc' }, parameter: '_order[is_unicode]' },
    { query: { group_id: 'x' }, parameter: 'group_id' },
  ]
  for (const e of errors) {
    it(`rejects ${JSON.stringify(e.query)} naming ${e.parameter}`, () => {
      const r = parseQuery(LOCAL, e.query)
      assert.equal(r.ok, false)
      assert.ok(!r.ok)
      assert.equal(r.error.parameter, e.parameter)
      assert.equal(typeof r.error.detail, 'string')
      assert.ok(r.error.detail.length > 0)
    })
  }
})
