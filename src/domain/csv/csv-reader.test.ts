import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CsvReader, detectDelimiter, type CsvDelimiter, type CsvRecord } from './csv-reader.js'
import { csvRecord } from './csv-writer.js'

type Expected = [fields: string[], line: number, error?: string]

function readAll(pieces: string[], delimiter?: CsvDelimiter): CsvRecord[] {
  const reader = new CsvReader(delimiter ? { delimiter } : {})
  const out: CsvRecord[] = []
  for (const p of pieces) out.push(...reader.push(p))
  out.push(...reader.end())
  return out
}

/** `text` whole, in two pieces at every position, and one character at a time. */
function chunkings(text: string): { name: string; pieces: string[] }[] {
  const out = [
    { name: 'whole', pieces: [text] },
    { name: 'by character', pieces: [...text] },
  ]
  for (let i = 1; i < text.length; i++)
    out.push({ name: `split at ${i}`, pieces: [text.slice(0, i), text.slice(i)] })
  return out
}

const simplify = (records: CsvRecord[]): Expected[] =>
  records.map((r) => (r.error === undefined ? [r.fields, r.line] : [r.fields, r.line, r.error]))

const CASES: [name: string, text: string, expected: Expected[]][] = [
  ['empty input', '', []],
  ['one field', 'phone', [[['phone'], 1]]],
  [
    'LF endings',
    'a,b\n1,2\n',
    [
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ],
  ],
  [
    'CRLF endings',
    'a,b\r\n1,2\r\n',
    [
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ],
  ],
  [
    'CR endings',
    'a,b\r1,2\r',
    [
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ],
  ],
  [
    'no final line break',
    'a,b\r\n1,2',
    [
      [['a', 'b'], 1],
      [['1', '2'], 2],
    ],
  ],
  [
    'empty fields',
    'a,b,c\r\n,,\r\n1,,\r\n',
    [
      [['a', 'b', 'c'], 1],
      [['', '', ''], 2],
      [['1', '', ''], 3],
    ],
  ],
  [
    'empty lines are skipped',
    'a\r\n\r\n1\n\n\n2\r\n',
    [
      [['a'], 1],
      [['1'], 3],
      [['2'], 6],
    ],
  ],
  [
    'quoted delimiter',
    'a,b\r\n"x,y",z\r\n',
    [
      [['a', 'b'], 1],
      [['x,y', 'z'], 2],
    ],
  ],
  [
    'doubled quotes',
    'a\r\n"say ""hi"""\r\n',
    [
      [['a'], 1],
      [['say "hi"'], 2],
    ],
  ],
  [
    'empty quoted field',
    'a,b\r\n"",x\r\n',
    [
      [['a', 'b'], 1],
      [['', 'x'], 2],
    ],
  ],
  [
    'a lone "" line is a record',
    'a\r\n""\r\n',
    [
      [['a'], 1],
      [[''], 2],
    ],
  ],
  [
    'line breaks inside quotes are kept and counted',
    'a,b\r\n"l1\r\nl2\nl3",x\r\n1,2\r\n',
    [
      [['a', 'b'], 1],
      [['l1\r\nl2\nl3', 'x'], 2],
      [['1', '2'], 5],
    ],
  ],
  [
    'a quote inside an unquoted field is text',
    'a\r\n5" screen\r\n',
    [
      [['a'], 1],
      [['5" screen'], 2],
    ],
  ],
  [
    'unicode',
    'name\r\nMüller 😀 漢字\r\n',
    [
      [['name'], 1],
      [['Müller 😀 漢字'], 2],
    ],
  ],
  [
    'byte order mark is dropped',
    '\uFEFFphone\r\n1\r\n',
    [
      [['phone'], 1],
      [['1'], 2],
    ],
  ],
  ['spaces are data', ' a , b \r\n', [[[' a ', ' b '], 1]]],
  [
    'text after a closing quote is an error of that record only',
    'a,b\r\n"x"y,z\r\n1,2\r\n',
    [
      [['a', 'b'], 1],
      [['xy', 'z'], 2, 'unexpected text after the closing quote of a field'],
      [['1', '2'], 3],
    ],
  ],
  [
    'an unclosed quote swallows the rest and is an error',
    'a,b\r\n1,"open\r\n2,3\r\n',
    [
      [['a', 'b'], 1],
      [['1', 'open\r\n2,3\r\n'], 2, 'a quoted field is not closed'],
    ],
  ],
  [
    'a quote closing at the end of the input',
    'a\r\n"x"',
    [
      [['a'], 1],
      [['x'], 2],
    ],
  ],
  ['trailing delimiter', 'a,\r\n', [[['a', ''], 1]]],
  [
    'semicolons detected',
    'phone;a\r\n+49;"x;y"\r\n',
    [
      [['phone', 'a'], 1],
      [['+49', 'x;y'], 2],
    ],
  ],
  [
    'commas win a tie',
    'a;b,c\r\n1;2,3\r\n',
    [
      [['a;b', 'c'], 1],
      [['1;2', '3'], 2],
    ],
  ],
  ['semicolons inside quotes do not count', '"a;b;c",d\r\n', [[['a;b;c', 'd'], 1]]],
  [
    'a comma file whose data has semicolons',
    'a,b\r\n1;2;3,4\r\n',
    [
      [['a', 'b'], 1],
      [['1;2;3', '4'], 2],
    ],
  ],
  [
    'semicolon file whose data has commas',
    'a;b\r\n1,5;2\r\n',
    [
      [['a', 'b'], 1],
      [['1,5', '2'], 2],
    ],
  ],
]

describe('CsvReader', () => {
  for (const [name, text, expected] of CASES) {
    it(`${name}, in every chunking`, () => {
      for (const c of chunkings(text)) {
        assert.deepEqual(
          simplify(readAll(c.pieces)),
          expected,
          `${c.name}: ${JSON.stringify(c.pieces)}`,
        )
      }
    })
  }

  it('uses a given delimiter without looking at the header', () => {
    assert.deepEqual(simplify(readAll(['a;b,c;d\r\n'], ',')), [[['a;b', 'c;d'], 1]])
    assert.deepEqual(simplify(readAll(['a,b;c\r\n'], ';')), [[['a,b', 'c'], 1]])
  })

  it('reports the detected delimiter once the header line is complete', () => {
    const reader = new CsvReader()
    assert.equal(reader.delimiter, null)
    assert.deepEqual(reader.push('phone;a'), [])
    assert.equal(reader.delimiter, null)
    assert.deepEqual(simplify(reader.push('\r\n1;2')), [[['phone', 'a'], 1]])
    assert.equal(reader.delimiter, ';')
    assert.deepEqual(simplify(reader.end()), [[['1', '2'], 2]])
  })

  it('reads back whatever the writer wrote', () => {
    const values = [
      '',
      'plain',
      'a,b',
      'a;b',
      'say "x"',
      '"',
      '""',
      'l1\r\nl2',
      'l1\nl2',
      'l1\rl2',
      ' padded ',
      'Ä😀',
      ',',
      '\r\n',
    ]
    let text = csvRecord(['h1', 'h2', 'h3'])
    const rows: string[][] = []
    for (let i = 0; i < values.length; i++) {
      const row = [
        values[i]!,
        values[(i + 3) % values.length]!,
        `x${values[(i + 7) % values.length]!}`,
      ]
      rows.push(row)
      text += csvRecord(row)
    }
    for (const c of chunkings(text).filter((_, i) => i % 7 === 0)) {
      const got = readAll(c.pieces).map((r) => r.fields)
      assert.deepEqual(got, [['h1', 'h2', 'h3'], ...rows], c.name)
    }
  })
})

describe('detectDelimiter', () => {
  const cases: [string, CsvDelimiter][] = [
    ['', ','],
    ['phone', ','],
    ['id,phone,a', ','],
    ['id;phone;a', ';'],
    ['"x,y";phone', ';'],
    ['"x;y;z",phone', ','],
    ['a;b,c', ','],
  ]
  for (const [line, d] of cases) {
    it(`${JSON.stringify(line)} → ${d}`, () => assert.equal(detectDelimiter(line), d))
  }
})
