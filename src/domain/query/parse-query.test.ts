import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS_FILTERS } from '../message/sms-filters.js'
import type { OrderBy } from './filter-spec.js'
import { parseQuery, type RawQuery } from './parse-query.js'
import { expectOk, type OkCase } from '../../../test/helpers/query-case.js'

const UUID_A = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'
const UUID_B = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c'
const DEFAULT_SMS_ORDER: OrderBy[] = [{ field: 'created_at', direction: 'desc' }]

describe('parseQuery with the SMS filter set', () => {
  const cases: OkCase[] = [
    { name: 'no parameters: no conditions, default order, page 1', query: {}, conditions: [] },
    // partial
    {
      name: 'partial phone',
      query: { phone: '4917' },
      conditions: [{ op: 'partial', field: 'phone', value: '4917' }],
    },
    {
      name: 'partial text keeps case and LIKE characters verbatim',
      query: { text: 'Hello 50%_' },
      conditions: [{ op: 'partial', field: 'text', value: 'Hello 50%_' }],
    },
    {
      name: 'partial sender_id',
      query: { sender_id: 'Taube' },
      conditions: [{ op: 'partial', field: 'sender_id', value: 'Taube' }],
    },
    {
      name: 'partial ip',
      query: { ip: '203.0.113' },
      conditions: [{ op: 'partial', field: 'ip', value: '203.0.113' }],
    },
    // exact, scalar
    {
      name: 'exact iso2',
      query: { iso2: 'DE' },
      conditions: [{ op: 'in', field: 'iso2', values: ['DE'] }],
    },
    {
      name: 'exact uuid is lower-cased',
      query: { uuid: UUID_A.toUpperCase() },
      conditions: [{ op: 'in', field: 'uuid', values: [UUID_A] }],
    },
    {
      name: 'exact dlr_code is a number',
      query: { dlr_code: '16' },
      conditions: [{ op: 'in', field: 'dlr_code', values: [16] }],
    },
    {
      name: 'exact status_code 0',
      query: { status_code: '0' },
      conditions: [{ op: 'in', field: 'status_code', values: [0] }],
    },
    {
      name: 'exact key_id',
      query: { key_id: '8291' },
      conditions: [{ op: 'in', field: 'key_id', values: [8291] }],
    },
    {
      name: 'exact callback_data is a string, not partial',
      query: { callback_data: 'cb-1' },
      conditions: [{ op: 'in', field: 'callback_data', values: ['cb-1'] }],
    },
    {
      name: 'exact bulk (uuid)',
      query: { bulk: UUID_B },
      conditions: [{ op: 'in', field: 'bulk', values: [UUID_B] }],
    },
    {
      name: 'alias bulk_id maps to bulk',
      query: { bulk_id: UUID_B },
      conditions: [{ op: 'in', field: 'bulk', values: [UUID_B] }],
    },
    {
      name: 'negative integer',
      query: { source: '-5' },
      conditions: [{ op: 'in', field: 'source', values: [-5] }],
    },
    // exact, array form
    {
      name: 'iso2[] with two values is an IN list',
      query: { 'iso2[]': ['DE', 'CH'] },
      conditions: [{ op: 'in', field: 'iso2', values: ['DE', 'CH'] }],
    },
    {
      name: 'iso2[] with one value (the parser gives a string)',
      query: { 'iso2[]': 'AT' },
      conditions: [{ op: 'in', field: 'iso2', values: ['AT'] }],
    },
    {
      name: 'uuid[] lower-cases each value',
      query: { 'uuid[]': [UUID_A.toUpperCase(), UUID_B] },
      conditions: [{ op: 'in', field: 'uuid', values: [UUID_A, UUID_B] }],
    },
    {
      name: 'status_code[] numbers',
      query: { 'status_code[]': ['100', '410'] },
      conditions: [{ op: 'in', field: 'status_code', values: [100, 410] }],
    },
    {
      name: 'callback_data[]',
      query: { 'callback_data[]': ['a', 'b'] },
      conditions: [{ op: 'in', field: 'callback_data', values: ['a', 'b'] }],
    },
    {
      name: 'created_at[] (exact and range field)',
      query: { 'created_at[]': ['1', '2'] },
      conditions: [{ op: 'in', field: 'created_at', values: [1, 2] }],
    },
    {
      name: 'chars_count[] (range-only field) is exact too',
      query: { 'chars_count[]': ['34', '160'] },
      conditions: [{ op: 'in', field: 'chars_count', values: [34, 160] }],
    },
    {
      name: 'repeated scalar iso2=DE&iso2=CH is an IN list',
      query: { iso2: ['DE', 'CH'] },
      conditions: [{ op: 'in', field: 'iso2', values: ['DE', 'CH'] }],
    },
    {
      name: 'repeated scalar dlr_code=1&dlr_code=16',
      query: { dlr_code: ['1', '16'] },
      conditions: [{ op: 'in', field: 'dlr_code', values: [1, 16] }],
    },
    // boolean
    ...(
      [
        ['true', true],
        ['false', false],
        ['1', true],
        ['0', false],
        ['TRUE', true],
        ['False', false],
      ] as const
    ).map(([raw, value]): OkCase => ({
      name: `is_sent=${raw}`,
      query: { is_sent: raw },
      conditions: [{ op: 'bool', field: 'is_sent', value }],
    })),
    {
      name: 'is_unicode=1',
      query: { is_unicode: '1' },
      conditions: [{ op: 'bool', field: 'is_unicode', value: true }],
    },
    {
      name: 'alias sent=0 filters is_sent',
      query: { sent: '0' },
      conditions: [{ op: 'bool', field: 'is_sent', value: false }],
    },
    {
      name: 'alias sent=true',
      query: { sent: 'true' },
      conditions: [{ op: 'bool', field: 'is_sent', value: true }],
    },
    // range
    ...(['lt', 'gt', 'lte', 'gte'] as const).map((op): OkCase => ({
      name: `created_at[${op}]`,
      query: { [`created_at[${op}]`]: '1575158400' },
      conditions: [{ op, field: 'created_at', value: 1575158400 }],
    })),
    {
      name: 'created_at[between]=a..b',
      query: { 'created_at[between]': '1575158400..1575676800' },
      conditions: [{ op: 'between', field: 'created_at', from: 1575158400, to: 1575676800 }],
    },
    {
      name: 'between with equal bounds',
      query: { 'source[between]': '7..7' },
      conditions: [{ op: 'between', field: 'source', from: 7, to: 7 }],
    },
    {
      name: 'between with negative bounds',
      query: { 'source[between]': '-10..-1' },
      conditions: [{ op: 'between', field: 'source', from: -10, to: -1 }],
    },
    ...(['gateway_sent_at', 'chars_count', 'parts_count', 'source', 'delivery_at'] as const).map(
      (field): OkCase => ({
        name: `${field}[gt] on a range field`,
        query: { [`${field}[gt]`]: '3' },
        conditions: [{ op: 'gt', field, value: 3 }],
      }),
    ),
    ...(['gateway_sent_at', 'chars_count', 'parts_count', 'source'] as const).map(
      (field): OkCase => ({
        name: `scalar ${field} (range-only field) is an exact match`,
        query: { [field]: '2' },
        conditions: [{ op: 'in', field, values: [2] }],
      }),
    ),
    {
      name: 'scalar delivery_at is exact',
      query: { delivery_at: '0' },
      conditions: [{ op: 'in', field: 'delivery_at', values: [0] }],
    },
    // order
    {
      name: '_order[created_at]=asc',
      query: { '_order[created_at]': 'asc' },
      conditions: [],
      order: [{ field: 'created_at', direction: 'asc' }],
    },
    {
      name: '_order[created_at]=desc',
      query: { '_order[created_at]': 'desc' },
      conditions: [],
      order: [{ field: 'created_at', direction: 'desc' }],
    },
    {
      name: '_order[created_at]= (empty) means asc',
      query: { '_order[created_at]': '' },
      conditions: [],
      order: [{ field: 'created_at', direction: 'asc' }],
    },
    {
      name: '_order[gateway_sent_at]=DESC (case-insensitive)',
      query: { '_order[gateway_sent_at]': 'DESC' },
      conditions: [],
      order: [{ field: 'gateway_sent_at', direction: 'desc' }],
    },
    {
      name: '_order[price] is accepted',
      query: { '_order[price]': 'desc' },
      conditions: [],
      order: [{ field: 'price', direction: 'desc' }],
    },
    {
      name: 'several orders apply in query order (gateway_sent_at first)',
      query: { '_order[gateway_sent_at]': 'desc', '_order[created_at]': 'asc' },
      conditions: [],
      order: [
        { field: 'gateway_sent_at', direction: 'desc' },
        { field: 'created_at', direction: 'asc' },
      ],
    },
    {
      name: 'several orders apply in query order (created_at first)',
      query: { '_order[created_at]': 'asc', '_order[gateway_sent_at]': 'desc' },
      conditions: [],
      order: [
        { field: 'created_at', direction: 'asc' },
        { field: 'gateway_sent_at', direction: 'desc' },
      ],
    },
    // page
    { name: 'page=2', query: { page: '2' }, conditions: [], page: 2 },
    { name: 'page=1', query: { page: '1' }, conditions: [], page: 1 },
    { name: 'page=1000', query: { page: '1000' }, conditions: [], page: 1000 },
    { name: 'paging off ignores page=3', query: { page: '3' }, conditions: [], paging: false },
    { name: 'paging off ignores page=x', query: { page: 'x' }, conditions: [], paging: false },
    { name: 'paging off ignores page=0', query: { page: '0' }, conditions: [], paging: false },
    // unknown parameters
    ...(
      [
        { foo: 'bar' },
        { 'foo[]': ['a', 'b'] },
        { 'foo[gte]': 'x' },
        { 'exists[nope]': 'maybe' },
        { 'exists[phone]': '1' },
        { 'created_at[foo]': 'x' },
        { utm_source: 'newsletter', 'status[]': 'x' },
      ] satisfies RawQuery[]
    ).map((query): OkCase => ({
      name: `unknown ${JSON.stringify(query)} is ignored`,
      query,
      conditions: [],
    })),
    {
      // §7.1 lists no price filter (price is only orderable, G-13), so to a client it is unknown.
      name: 'price=0.075 is not a filter and is ignored like an unknown parameter',
      query: { price: '0.075' },
      conditions: [],
    },
    {
      name: 'an undefined value is skipped',
      query: { phone: undefined },
      conditions: [],
    },
    // AND across parameters, in query order
    {
      name: 'several parameters give one condition each, in query order',
      query: {
        phone: '49',
        'iso2[]': ['DE', 'AT'],
        is_sent: '0',
        'created_at[between]': '10..20',
        '_order[created_at]': 'asc',
        page: '2',
        ignored: 'x',
      },
      conditions: [
        { op: 'partial', field: 'phone', value: '49' },
        { op: 'in', field: 'iso2', values: ['DE', 'AT'] },
        { op: 'bool', field: 'is_sent', value: false },
        { op: 'between', field: 'created_at', from: 10, to: 20 },
      ],
      order: [{ field: 'created_at', direction: 'asc' }],
      page: 2,
    },
    {
      name: 'two range operators on one field both apply',
      query: { 'created_at[gte]': '10', 'created_at[lt]': '20' },
      conditions: [
        { op: 'gte', field: 'created_at', value: 10 },
        { op: 'lt', field: 'created_at', value: 20 },
      ],
    },
  ]

  for (const c of cases) {
    it(c.name, () => expectOk(SMS_FILTERS, c, DEFAULT_SMS_ORDER))
  }

  it('returns a fresh default order each time (the spec is not shared mutable state)', () => {
    const a = parseQuery(SMS_FILTERS, {})
    assert.ok(a.ok)
    a.value.order.push({ field: 'created_at', direction: 'asc' })
    const b = parseQuery(SMS_FILTERS, {})
    assert.deepEqual(b, { ok: true, value: { conditions: [], order: DEFAULT_SMS_ORDER, page: 1 } })
  })
})
