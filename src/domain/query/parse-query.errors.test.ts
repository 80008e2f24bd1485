import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SMS_FILTERS } from '../message/sms-filters.js'
import { parseQuery, type RawQuery } from './parse-query.js'

// Malformed query values: each answer names the parameter (the accepted forms are in
// parse-query.test.ts).
const UUID_A = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'

describe('parseQuery rejects malformed values, naming the parameter', () => {
  const cases: { name: string; query: RawQuery; parameter: string; detail?: RegExp }[] = [
    // integers
    {
      name: 'letters in an integer field',
      query: { dlr_code: 'abc' },
      parameter: 'dlr_code',
      detail: /abc/,
    },
    { name: 'a decimal integer', query: { chars_count: '1.5' }, parameter: 'chars_count' },
    { name: 'an empty integer', query: { key_id: '' }, parameter: 'key_id' },
    { name: 'an integer with a suffix', query: { source: '12abc' }, parameter: 'source' },
    { name: 'an exponent', query: { status_code: '1e3' }, parameter: 'status_code' },
    {
      name: 'one bad value in status_code[]',
      query: { 'status_code[]': ['100', 'x'] },
      parameter: 'status_code[]',
    },
    {
      name: 'one bad value in repeated dlr_code',
      query: { dlr_code: ['1', 'two'] },
      parameter: 'dlr_code',
    },
    {
      name: 'created_at[gte]=abc',
      query: { 'created_at[gte]': 'abc' },
      parameter: 'created_at[gte]',
      detail: /abc/,
    },
    { name: 'created_at[lt] empty', query: { 'created_at[lt]': '' }, parameter: 'created_at[lt]' },
    {
      name: 'parts_count[lte]=1.0',
      query: { 'parts_count[lte]': '1.0' },
      parameter: 'parts_count[lte]',
    },
    {
      name: 'gateway_sent_at=now',
      query: { gateway_sent_at: 'now' },
      parameter: 'gateway_sent_at',
    },
    // uuids
    { name: 'uuid=nope', query: { uuid: 'nope' }, parameter: 'uuid', detail: /nope/ },
    { name: 'uuid without dashes', query: { uuid: UUID_A.replaceAll('-', '') }, parameter: 'uuid' },
    { name: 'one bad value in uuid[]', query: { 'uuid[]': [UUID_A, 'nope'] }, parameter: 'uuid[]' },
    { name: 'bulk=nope', query: { bulk: 'nope' }, parameter: 'bulk' },
    { name: 'bulk_id alias names itself', query: { bulk_id: 'nope' }, parameter: 'bulk_id' },
    // booleans
    { name: 'is_sent=maybe', query: { is_sent: 'maybe' }, parameter: 'is_sent', detail: /maybe/ },
    { name: 'is_unicode=yes', query: { is_unicode: 'yes' }, parameter: 'is_unicode' },
    { name: 'is_sent= (empty)', query: { is_sent: '' }, parameter: 'is_sent' },
    { name: 'is_sent=2', query: { is_sent: '2' }, parameter: 'is_sent' },
    { name: 'alias sent=nope names sent', query: { sent: 'nope' }, parameter: 'sent' },
    // between
    {
      name: 'between without ..',
      query: { 'created_at[between]': '1575158400' },
      parameter: 'created_at[between]',
    },
    {
      name: 'between with a dash',
      query: { 'created_at[between]': '1-2' },
      parameter: 'created_at[between]',
    },
    {
      name: 'between with three parts',
      query: { 'source[between]': '1..2..3' },
      parameter: 'source[between]',
    },
    {
      name: 'between with a missing upper bound',
      query: { 'source[between]': '1..' },
      parameter: 'source[between]',
    },
    {
      name: 'between with a missing lower bound',
      query: { 'source[between]': '..2' },
      parameter: 'source[between]',
    },
    {
      name: 'between with letters',
      query: { 'created_at[between]': 'a..b' },
      parameter: 'created_at[between]',
    },
    // range on fields that are not ranges
    { name: 'phone[gte]', query: { 'phone[gte]': '1' }, parameter: 'phone[gte]' },
    { name: 'iso2[lt]', query: { 'iso2[lt]': 'DE' }, parameter: 'iso2[lt]' },
    { name: 'text[between]', query: { 'text[between]': 'a..b' }, parameter: 'text[between]' },
    {
      name: 'callback_data[gt]',
      query: { 'callback_data[gt]': '1' },
      parameter: 'callback_data[gt]',
    },
    { name: 'uuid[gt]', query: { 'uuid[gt]': UUID_A }, parameter: 'uuid[gt]' },
    { name: 'is_sent[lte] (boolean)', query: { 'is_sent[lte]': '1' }, parameter: 'is_sent[lte]' },
    // order
    {
      name: '_order on a non-orderable field',
      query: { '_order[phone]': 'asc' },
      parameter: '_order[phone]',
    },
    // iso2 is not orderable; a digit in the bracket must not turn the parameter into an unknown one
    { name: '_order on iso2', query: { '_order[iso2]': 'desc' }, parameter: '_order[iso2]' },
    {
      name: '_order on an unknown field',
      query: { '_order[nope]': 'asc' },
      parameter: '_order[nope]',
    },
    {
      name: '_order on the alias of a non-orderable field',
      query: { '_order[sent]': 'asc' },
      parameter: '_order[sent]',
    },
    {
      name: '_order with a bad direction',
      query: { '_order[created_at]': 'sideways' },
      parameter: '_order[created_at]',
      detail: /sideways/,
    },
    {
      name: '_order with direction "up"',
      query: { '_order[price]': 'up' },
      parameter: '_order[price]',
    },
    // page
    { name: 'page=0', query: { page: '0' }, parameter: 'page' },
    { name: 'page=-1', query: { page: '-1' }, parameter: 'page' },
    { name: 'page=x', query: { page: 'x' }, parameter: 'page' },
    { name: 'page=1.5', query: { page: '1.5' }, parameter: 'page' },
    { name: 'page= (empty)', query: { page: '' }, parameter: 'page' },
    // NUL, which no stored text holds (PostgreSQL cannot compare text with it)
    {
      name: 'NUL in a partial filter',
      query: { text: 'a\u0000b' },
      parameter: 'text',
      detail: /NUL/,
    },
    {
      name: 'NUL in an exact filter',
      query: { callback_data: '\u0000' },
      parameter: 'callback_data',
    },
    {
      name: 'NUL in callback_data[]',
      query: { 'callback_data[]': ['ok', '\u0000'] },
      parameter: 'callback_data[]',
    },
    // the first bad parameter is reported even when good ones surround it
    {
      name: 'a bad value among good ones',
      query: { phone: '49', 'created_at[gte]': 'yesterday', iso2: 'DE' },
      parameter: 'created_at[gte]',
    },
  ]

  for (const c of cases) {
    it(c.name, () => {
      const r = parseQuery(SMS_FILTERS, c.query, { paging: true })
      assert.equal(r.ok, false, `expected an error for ${JSON.stringify(c.query)}`)
      assert.ok(!r.ok)
      assert.deepEqual(Object.keys(r.error).sort(), ['detail', 'parameter'])
      assert.equal(r.error.parameter, c.parameter)
      assert.equal(typeof r.error.detail, 'string')
      assert.ok(r.error.detail.length > 0)
      if (c.detail) assert.match(r.error.detail, c.detail)
    })
  }
})
