import { CsvReader, type CsvRecord } from '../../src/domain/csv/csv-reader.js'
import { CsvParseReader } from './csv-parse-reader.js'

// `node --import tsx bench/libs/csv-agree.ts`: reads the inputs below with our CsvReader and
// with csv-parse (set as in bench/libs/csv-parse-reader.ts), whole and one character at a
// time, and prints where they differ. The inputs are those src/domain/csv/csv-reader.test.ts
// pins that depend on the parser rather than on our delimiter detection.
const INPUTS: [name: string, text: string][] = [
  ['LF endings', 'a,b\n1,2\n'],
  ['CRLF endings', 'a,b\r\n1,2\r\n'],
  ['CR endings', 'a,b\r1,2\r'],
  ['no final line break', 'a,b\r\n1,2'],
  ['empty fields', 'a,b,c\r\n,,\r\n1,,\r\n'],
  ['empty lines are skipped', 'a\r\n\r\n1\n\n\n2\r\n'],
  ['quoted delimiter', 'a,b\r\n"x,y",z\r\n'],
  ['doubled quotes', 'a\r\n"say ""hi"""\r\n'],
  ['empty quoted field', 'a,b\r\n"",x\r\n'],
  ['a lone "" line is a record', 'a\r\n""\r\n'],
  ['line breaks inside quotes', 'a,b\r\n"l1\r\nl2\nl3",x\r\n1,2\r\n'],
  ['a quote inside an unquoted field', 'a\r\n5" screen\r\n'],
  ['byte order mark', '\uFEFFphone\r\n1\r\n'],
  ['spaces are data', ' a , b \r\n'],
  ['text after a closing quote', 'a,b\r\n"x"y,z\r\n1,2\r\n'],
  ['an unclosed quote', 'a,b\r\n1,"open\r\n2,3\r\n'],
  ['a quote closing at the end', 'a\r\n"x"'],
  ['trailing delimiter', 'a,\r\n'],
  ['semicolons', 'phone;a\r\n+49;"x;y"\r\n'],
]

type Reader = { push(text: string): CsvRecord[]; end(): CsvRecord[] }

function read(reader: Reader, pieces: string[]): string {
  const out: CsvRecord[] = []
  for (const p of pieces) out.push(...reader.push(p))
  out.push(...reader.end())
  return JSON.stringify(out)
}

let same = 0
for (const [name, text] of INPUTS) {
  const ours = read(new CsvReader(), [text])
  const theirs = [read(new CsvParseReader(), [text]), read(new CsvParseReader(), [...text])]
  if (theirs.every((t) => t === ours)) same++
  else
    console.log(`${name}\n  CsvReader  ${ours}\n  csv-parse  ${[...new Set(theirs)].join(' / ')}`)
}
console.log(`${same} of ${INPUTS.length} read the same`)
