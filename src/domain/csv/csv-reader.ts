// Reading CSV (RFC 4180, read leniently) from text that arrives in pieces, so a file of any size
// is parsed in constant memory. Records may end in CRLF, LF or CR; quoted fields may hold the
// delimiter, line breaks and doubled quotes; a quote inside an unquoted field is kept as text.
// The delimiter is a comma or a semicolon, taken from the header line when not given.

export type CsvDelimiter = ',' | ';'

/** One record; `line` is where it starts in the file (1-based); `error` says why it is malformed. */
export type CsvRecord = { fields: string[]; line: number; error?: string }

type State = 'start' | 'plain' | 'quoted' | 'quote' | 'closed'

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
const BOM = '\uFEFF'

/** The delimiter of a header line: a semicolon when it has more semicolons than commas outside quotes. */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let commas = 0
  let semicolons = 0
  let quoted = false
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && ch === ',') commas++
    else if (!quoted && ch === ';') semicolons++
  }
  return semicolons > commas ? ';' : ','
}

export class CsvReader {
  private delim: CsvDelimiter | null
  private delimCode = 0
  private plainRun = /[^,\r\n]*/y
  private readonly quotedRun = /[^"\r\n]*/y
  /** Text held back until the header line is complete and the delimiter known. */
  private held = ''
  private started = false
  private state: State = 'start'
  private field = ''
  private fields: string[] = []
  private hasChars = false
  private crPending = false
  private error: string | undefined
  private line = 1
  private recordLine = 1

  constructor(opts: { delimiter?: CsvDelimiter } = {}) {
    this.delim = null
    if (opts.delimiter) this.useDelimiter(opts.delimiter)
  }

  /** The delimiter in use; null until the header line has been seen. */
  get delimiter(): CsvDelimiter | null {
    return this.delim
  }

  /** Characters of the record not yet complete: lets a caller bound how long a line may grow. */
  get pendingChars(): number {
    let n = this.held.length + this.field.length + this.fields.length
    for (const f of this.fields) n += f.length
    return n
  }

  /** Parses the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    if (!this.started) {
      if (text === '') return []
      this.started = true
      if (text.startsWith(BOM)) text = text.slice(1)
    }
    const out: CsvRecord[] = []
    if (this.delim === null) {
      this.held += text
      const end = headerEnd(this.held)
      if (end < 0) return out
      this.useDelimiter(detectDelimiter(this.held.slice(0, end)))
      text = this.held
      this.held = ''
    }
    this.parse(text, out)
    return out
  }

  /** Ends the input: returns the last record, if the text did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = []
    if (this.delim === null) {
      this.useDelimiter(detectDelimiter(this.held))
      this.parse(this.held, out)
      this.held = ''
    }
    this.crPending = false
    if (this.state === 'quoted') this.error ??= 'a quoted field is not closed'
    if (this.hasChars) this.endRecord(out)
    return out
  }

  private useDelimiter(d: CsvDelimiter): void {
    this.delim = d
    this.delimCode = d.charCodeAt(0)
    this.plainRun = new RegExp(`[^${d}\\r\\n]*`, 'y')
  }

  private parse(text: string, out: CsvRecord[]): void {
    const n = text.length
    let i = 0
    while (i < n) {
      const c = text.charCodeAt(i)
      if (this.crPending) {
        this.crPending = false
        if (c === LF) {
          if (this.state === 'quoted') this.field += '\n'
          i++
          continue
        }
      }
      if (this.state === 'start') {
        if (c === LF || c === CR) {
          // an empty line, or a last field left empty after a delimiter
          i = this.separator(c, i, out)
          continue
        }
        this.hasChars = true
        if (c === QUOTE) {
          this.state = 'quoted'
          i++
          continue
        }
        this.state = 'plain'
      }
      if (this.state === 'plain') {
        this.plainRun.lastIndex = i
        this.plainRun.exec(text)
        const end = this.plainRun.lastIndex
        if (end > i) {
          this.field += text.slice(i, end)
          i = end
          if (i >= n) break
        }
        i = this.separator(text.charCodeAt(i), i, out)
      } else if (this.state === 'quoted') {
        this.quotedRun.lastIndex = i
        this.quotedRun.exec(text)
        const end = this.quotedRun.lastIndex
        if (end > i) {
          this.field += text.slice(i, end)
          i = end
          if (i >= n) break
        }
        const d = text.charCodeAt(i)
        if (d === QUOTE) this.state = 'quote'
        else {
          this.field += d === LF ? '\n' : '\r'
          this.line++
          this.crPending = d === CR
        }
        i++
      } else if (this.state === 'quote') {
        if (c === QUOTE) {
          this.field += '"'
          this.state = 'quoted'
          i++
        } else {
          this.state = 'closed'
        }
      } else {
        // closed: only a delimiter or a line break may follow the closing quote
        if (c === this.delimCode || c === LF || c === CR) i = this.separator(c, i, out)
        else {
          this.error ??= 'unexpected text after the closing quote of a field'
          this.state = 'plain'
        }
      }
    }
  }

  /** Handles a delimiter or a line break at `i`; returns the next index. */
  private separator(c: number, i: number, out: CsvRecord[]): number {
    if (c === this.delimCode) {
      this.fields.push(this.field)
      this.field = ''
      this.state = 'start'
      this.hasChars = true
      return i + 1
    }
    if (this.hasChars) this.endRecord(out)
    this.reset()
    this.line++
    this.recordLine = this.line
    this.crPending = c === CR
    return i + 1
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field)
    const record: CsvRecord = { fields: this.fields, line: this.recordLine }
    if (this.error !== undefined) record.error = this.error
    out.push(record)
    this.reset()
  }

  private reset(): void {
    this.fields = []
    this.field = ''
    this.hasChars = false
    this.error = undefined
    this.state = 'start'
  }
}

/** Where the first line ends (outside quotes), or -1 while it has not ended yet. */
function headerEnd(text: string): number {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) quoted = !quoted
    else if (!quoted && (c === LF || c === CR)) return i
  }
  return -1
}
