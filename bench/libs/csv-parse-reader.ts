import { Parser, type CsvError } from 'csv-parse'
import {
  detectDelimiter,
  type CsvDelimiter,
  type CsvRecord,
} from '../../src/domain/csv/csv-reader.js'

/**
 * csv-parse behind CsvReader's push/end interface, set to read what CsvReader reads: any line
 * ending, quotes inside unquoted fields kept, empty lines skipped, a BOM dropped, the delimiter
 * taken from the header. A malformed record comes back without its fields (csv-parse skips it),
 * and `line` is where a record ends, not where it starts: csv-parse tells no more.
 */
export class CsvParseReader {
  private parser: Parser | null = null
  private held = ''
  private out: CsvRecord[] = []

  constructor(opts: { delimiter?: CsvDelimiter } = {}) {
    if (opts.delimiter) this.open(opts.delimiter)
  }

  push(text: string): CsvRecord[] {
    if (this.parser === null) {
      this.held += text
      const end = /[\r\n]/.exec(this.held)
      if (end === null) return []
      this.open(detectDelimiter(this.held.slice(0, end.index)))
      text = this.held
      this.held = ''
    }
    this.parser!.write(text)
    return this.drain()
  }

  end(): CsvRecord[] {
    if (this.parser === null) {
      this.open(detectDelimiter(this.held))
      this.parser!.write(this.held)
    }
    this.parser!.end()
    return this.drain()
  }

  private open(delimiter: CsvDelimiter): void {
    this.parser = new Parser({
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
      skip_records_with_error: true,
    })
    this.parser.on('skip', (err: CsvError & { lines?: number }) => {
      this.out.push({ fields: [], line: err.lines ?? 0, error: err.code })
    })
  }

  /** A Transform stream: what one write parsed waits in its readable buffer. */
  private drain(): CsvRecord[] {
    let r: { record: string[]; info: { lines: number } } | null
    while ((r = this.parser!.read() as typeof r) !== null) {
      this.out.push({ fields: r.record, line: r.info.lines })
    }
    const out = this.out
    this.out = []
    return out
  }
}
