import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  columnFor,
  compileListTemplate,
  compileTemplate,
  leadingText,
  personalise,
  type ColumnNames,
  type ColumnValues,
} from './placeholders.js'

const NAMES: ColumnNames = ['Vorname', 'Nachname', null, 'Stadt / Ort', null]
const VALUES: ColumnValues = { a: 'Anna', b: 'Berg', c: 'C-value', d: 'Köln', e: null }

describe('columnFor', () => {
  const cases: [string, ColumnNames, string | null][] = [
    ['Vorname', NAMES, 'a'],
    ['vorname', NAMES, 'a'],
    [' VORNAME ', NAMES, 'a'],
    ['Stadt / Ort', NAMES, 'd'],
    ['col_A', NAMES, 'a'],
    ['colA', NAMES, 'a'],
    ['COL_e', NAMES, 'e'],
    ['colc', NAMES, 'c'],
    ['col_F', NAMES, null],
    ['Name colA', NAMES, null],
    ['Strasse', NAMES, null],
    ['', NAMES, null],
    // A group may call a column "col_B": its own name wins over the default one.
    ['col_B', ['col_B', null, null, null, null], 'a'],
  ]
  for (const [name, names, column] of cases) {
    it(`"${name}" → ${column}`, () => assert.equal(columnFor(name, names), column))
  }
})

describe('personalise', () => {
  const cases: [string, string, ColumnValues, string][] = [
    ['no placeholders', 'Hello all', VALUES, 'Hello all'],
    ['own names', 'Hallo [Vorname] [Nachname]!', VALUES, 'Hallo Anna Berg!'],
    ['default names', '[col_A]/[colB]/[col_c]', VALUES, 'Anna/Berg/C-value'],
    ['case-insensitive', '[VORNAME] aus [stadt / ort]', VALUES, 'Anna aus Köln'],
    ['missing value → empty', 'x[col_E]y', VALUES, 'xy'],
    ['no values at all (a number of the bulk itself)', 'Hi [Vorname]!', {}, 'Hi !'],
    ['unknown bracket text stays', 'Preis [EUR] für [Vorname]', VALUES, 'Preis [EUR] für Anna'],
    ['repeated', '[col_a][col_a]', VALUES, 'AnnaAnna'],
    ['adjacent to text', 'a[col_a]b', VALUES, 'aAnnab'],
    ['unclosed', 'Hi [Vorname', VALUES, 'Hi [Vorname'],
    ['nested brackets are not placeholders', '[[col_a]]', VALUES, '[Anna]'],
    [
      'a value that looks like a placeholder is not expanded again',
      '[col_a]',
      { a: '[col_b]', b: 'B' },
      '[col_b]',
    ],
    ['emoji in values', '[col_a]', { a: '😀' }, '😀'],
  ]
  for (const [name, text, values, expected] of cases) {
    it(name, () => assert.equal(personalise(compileTemplate(text, NAMES), values), expected))
  }

  it('escapes each value, never the text around it', () => {
    const t = compileTemplate('<speak>Hi [col_a] & [col_b]</speak>', NAMES)
    const upper = (v: string) => v.toUpperCase()
    assert.equal(personalise(t, { a: 'ann', b: 'bo' }, upper), '<speak>Hi ANN & BO</speak>')
  })

  it('gives the text before the first placeholder', () => {
    assert.equal(leadingText(compileTemplate('  <speak>Hi [col_a]', NAMES)), '  <speak>Hi ')
    assert.equal(leadingText(compileTemplate('[col_a] hi', NAMES)), '')
    assert.equal(leadingText(compileTemplate('', NAMES)), '')
  })

  it('tells whether a text has placeholders for the group', () => {
    assert.equal(compileTemplate('Hi [Vorname]', NAMES).hasPlaceholders, true)
    assert.equal(
      compileTemplate('Hi [Vorname]', [null, null, null, null, null]).hasPlaceholders,
      false,
    )
    assert.equal(
      compileTemplate('Hi [col_a]', [null, null, null, null, null]).hasPlaceholders,
      true,
    )
  })
})

describe("compileListTemplate: a number of the bulk's own list, with no values", () => {
  const OTHER: ColumnNames = ['Kundennr', null, null, null, 'Vorname']
  const cases: [string, string, readonly ColumnNames[], string][] = [
    ['a column name of the one group becomes empty', 'Hallo [Vorname]!', [NAMES], 'Hallo !'],
    [
      'a column name of any of the groups becomes empty',
      'Nr. [kundennr], [Stadt / Ort]',
      [NAMES, OTHER],
      'Nr. , ',
    ],
    ['the same name in two groups', '[Vorname]', [NAMES, OTHER], ''],
    ['default names are columns without groups too', 'x[col_A]y[colE]', [], 'xy'],
    ['without groups a name is no column and stays', 'Hallo [Vorname]', [], 'Hallo [Vorname]'],
    [
      'brackets that name no column of any group stay',
      'Preis [EUR] für [Vorname]',
      [NAMES, OTHER],
      'Preis [EUR] für ',
    ],
    ['no placeholders', 'Hello all', [NAMES], 'Hello all'],
  ]
  for (const [name, text, groups, expected] of cases) {
    it(name, () => assert.equal(personalise(compileListTemplate(text, groups), {}), expected))
  }
})
