import { CsvReader, type CsvRecord } from '../../src/domain/csv/csv-reader.js'
import { csvRecord } from '../../src/domain/csv/csv-writer.js'
import { alternate, packageVersion, ratio } from './alternate.js'
import { CsvParseReader } from './csv-parse-reader.js'

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 100_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9)
/** The size of the pieces a multipart upload hands the importer. */
const PIECE = 64 * 1024

type Reader = { push(text: string): CsvRecord[]; end(): CsvRecord[] }

/** A phone import as the export writes it: some fields quoted, some with line breaks. */
function phonesCsv(rows: number): string {
  const lines = [csvRecord(['phone', 'first_name', 'last_name', 'col_C', 'col_D', 'callback_data'])]
  for (let i = 0; i < rows; i++) {
    lines.push(
      csvRecord([
        `+4917${10_000_000 + i}`,
        `Anna ${i}`,
        i % 10 === 0 ? 'Müller, "Annie"' : 'Schmidt',
        i % 7 === 0 ? 'line 1\nline 2' : '',
        String(i * 3),
        `ref-${i}`,
      ]),
    )
  }
  return lines.join('')
}

/**
 * Parsing a CSV import of ROWS phones fed in 64 KiB pieces, as the upload arrives: our
 * CsvReader against csv-parse (its stream API, the one that reads in constant memory).
 */
export async function benchLibsCsv() {
  const text = phonesCsv(ROWS)
  const pieces: string[] = []
  for (let i = 0; i < text.length; i += PIECE) pieces.push(text.slice(i, i + PIECE))
  const pass = (make: () => Reader) => () => {
    const start = performance.now()
    const reader = make()
    let records = 0
    for (const p of pieces) records += reader.push(p).length
    records += reader.end().length
    const ms = performance.now() - start
    if (records !== ROWS + 1) throw new Error(`read ${records} records, wrote ${ROWS + 1}`)
    return ms
  }
  const ms = alternate(
    'ms per file',
    ROUNDS,
    pass(() => new CsvReader()),
    pass(() => new CsvParseReader()),
  )
  return {
    name: 'libs-csv',
    description:
      `${ROWS} phone rows (${(text.length / 2 ** 20).toFixed(1)} MiB) in 64 KiB pieces: ` +
      `CsvReader against csv-parse ${packageVersion('csv-parse')} (stream API), alternating`,
    ...ms,
    libraryTakesTimes: ratio(ms.library.median, ms.handWritten.median),
  }
}
