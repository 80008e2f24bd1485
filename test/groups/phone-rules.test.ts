import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mapHeader } from '../../src/services/groups/csv-columns.js'
import { columnHeaders } from '../../src/services/groups/group-model.js'
import { checkPhone } from '../../src/services/groups/phone-input.js'

type Names = Record<'name_a' | 'name_b' | 'name_c' | 'name_d' | 'name_e', string | null>
const NO_NAMES: Names = { name_a: null, name_b: null, name_c: null, name_d: null, name_e: null }

describe('mapHeader: which column feeds which field', () => {
  const cases: [string, string[], Partial<Names>, (string | null)[], string[]][] = [
    ['only phone', ['phone'], {}, ['phone'], []],
    [
      'the export header',
      ['id', 'phone', 'col_A', 'col_B', 'col_C', 'col_D', 'col_E', 'callback_data'],
      {},
      [null, 'phone', 'a', 'b', 'c', 'd', 'e', 'callback_data'],
      [],
    ],
    [
      'any case, spaces around',
      [' Phone ', 'CALLBACK_DATA', 'COLA', 'Col_b', 'C'],
      {},
      ['phone', 'callback_data', 'a', 'b', 'c'],
      [],
    ],
    [
      'group names',
      ['phone', 'Vorname', 'stadt'],
      { name_a: 'Vorname', name_e: 'Stadt' },
      ['phone', 'a', 'e'],
      [],
    ],
    ['a group name wins over a letter', ['phone', 'b'], { name_a: 'B' }, ['phone', 'a'], []],
    [
      'a letter taken by a name falls back to its own column',
      ['phone', 'col_C', 'c'],
      { name_b: 'col_c' },
      ['phone', 'b', 'c'],
      [],
    ],
    [
      'a group column named phone',
      ['id', 'phone', 'phone'],
      { name_c: 'phone' },
      [null, 'phone', 'c'],
      [],
    ],
    [
      'unknown and empty columns',
      ['phone', 'Notiz', '', 'f', 'col_F'],
      {},
      ['phone', null, null, null, null],
      ['Notiz', 'f', 'col_F'],
    ],
  ]
  for (const [name, header, names, targets, ignored] of cases) {
    it(name, () => {
      const r = mapHeader(header, { ...NO_NAMES, ...names })
      assert.ok(r.ok, JSON.stringify(r))
      assert.deepEqual(r.value, { targets, ignored })
    })
  }

  const refused: [string, string[], RegExp][] = [
    ['no phone column', ['number', 'a'], /no "phone" column \(found: "number", "a"\)/],
    ['phone twice', ['phone', 'PHONE'], /"PHONE" appears twice/],
    ['a column twice', ['phone', 'a', 'col_A'], /"col_A" appears twice/],
    ['an empty header', [''], /no "phone"/],
    ['a letter whose column a name took', ['phone', 'b', 'a'], /"a" appears twice/],
  ]
  for (const [name, header, message] of refused) {
    it(`refuses ${name}`, () => {
      const r = mapHeader(header, { ...NO_NAMES, name_a: 'B' })
      assert.ok(!r.ok)
      assert.match(r.message, message)
    })
  }

  it('reads back the header the export writes, whatever the group calls its columns', () => {
    for (const names of [
      NO_NAMES,
      { name_a: 'Vorname', name_b: 'A', name_c: 'col_D', name_d: 'phone', name_e: 'id' },
    ]) {
      const r = mapHeader(['id', 'phone', ...columnHeaders(names), 'callback_data'], names)
      assert.ok(r.ok, JSON.stringify(r))
      assert.deepEqual(r.value.targets, [null, 'phone', 'a', 'b', 'c', 'd', 'e', 'callback_data'])
    }
  })
})

describe('checkPhone: one phone object', () => {
  const ok: [unknown, string, string | null][] = [
    [{ phone: '+491701234567' }, '+491701234567', 'DE'],
    [{ phone: '0170 123 45 67' }, '+491701234567', 'DE'],
    [{ phone: '00491701234567' }, '+491701234567', 'DE'],
    [{ phone: '(0041) 44-668.18/00' }, '+41446681800', 'CH'],
  ]
  for (const [item, e164, iso2] of ok) {
    it(`${JSON.stringify(item)} → ${e164}`, () => {
      const r = checkPhone(item, 'DE')
      assert.ok(r.ok, JSON.stringify(r))
      assert.equal(r.value.phone, e164)
      assert.equal(r.value.iso2, iso2)
      assert.equal(r.value.a, null)
    })
  }

  const bad: [unknown, string, [string, RegExp][]][] = [
    [null, '[0]', [['[0]', /must be an object/]]],
    [[], '[0]', [['[0]', /must be an object/]]],
    ['+4917', '', [['', /must be an object/]]],
    [{}, '', [['phone', /^is required$/]]],
    [{ phone: null }, '[2]', [['[2].phone', /must be of type string/]]],
    [{ phone: 49 }, '', [['phone', /must be of type string/]]],
    [{ phone: '  ' }, '', [['phone', /must not be empty/]]],
    [{ phone: '+49 170 abc' }, '', [['phone', /may contain only digits/]]],
    [{ phone: '+0170' }, '', [['phone', /not a valid number/]]],
    [{ phone: '1'.repeat(31) }, '', [['phone', /at most 30 characters/]]],
    [{ phone: '+491701234567', a: 1 }, 'phones[1]', [['phones[1].a', /must be string or null/]]],
    [{ phone: '+491701234567', d: 'x'.repeat(1531) }, '', [['d', /at most 1530 characters/]]],
    [
      { phone: '+491701234567', callback_data: 'x'.repeat(37) },
      '',
      [['callback_data', /at most 36 characters/]],
    ],
    [
      { phone: 'x', callback_data: false },
      '',
      [
        ['callback_data', /string or null/],
        ['phone', /digits/],
      ],
    ],
  ]
  for (const [item, path, expected] of bad) {
    it(`refuses ${JSON.stringify(item).slice(0, 60)} at "${path}"`, () => {
      const r = checkPhone(item, 'DE', path)
      assert.ok(!r.ok)
      const got = r.violations.map((v) => [v.propertyPath, v.message] as const).sort()
      assert.equal(got.length, expected.length, JSON.stringify(got))
      expected.forEach(([p, m], i) => {
        assert.equal(got[i]![0], p)
        assert.match(got[i]![1], m)
      })
    })
  }

  it('needs the account country for a national number', () => {
    const r = checkPhone({ phone: '01701234567' }, null)
    assert.ok(!r.ok)
    assert.equal(r.violations[0]!.propertyPath, 'phone')
  })

  it('counts characters, not UTF-16 units', () => {
    assert.ok(checkPhone({ phone: '+491701234567', callback_data: '😀'.repeat(36) }, 'DE').ok)
    assert.ok(!checkPhone({ phone: '+491701234567', callback_data: '😀'.repeat(37) }, 'DE').ok)
  })
})
