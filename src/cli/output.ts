/**
 * What a one-shot command prints: `json` with --json (for scripts), `text` otherwise (a table,
 * or one field a line for a single record). Both go to stdout; progress and notes go to stderr.
 */
export type Output = { json: unknown; text: string }

type Row = Record<string, unknown>

/** A list as a table; `columns` picks and orders the fields shown (all of them by default). */
export function tableOutput(
  rows: readonly Row[],
  columns?: readonly string[],
  none = '(none)',
): Output {
  const text = rows.length === 0 ? none : renderTable(rows, columns ?? Object.keys(rows[0]!))
  return { json: rows, text }
}

/** One record, a field a line. */
export function recordOutput(row: Row, fields?: readonly string[]): Output {
  const keys = fields ?? Object.keys(row)
  const width = Math.max(...keys.map((k) => k.length)) + 2
  return { json: row, text: keys.map((k) => `${k.padEnd(width)}${cell(k, row[k])}`).join('\n') }
}

/** A sentence for people, an object for scripts. */
export function messageOutput(text: string, json: unknown): Output {
  return { json, text }
}

export function print(out: Output, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.text}\n`)
}

function renderTable(rows: readonly Row[], columns: readonly string[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c, r[c])))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)))
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(columns), ...cells.map(line)].join('\n')
}

/** Unix seconds in fields named …_at or …At shown as UTC time; nested values as compact JSON. */
function cell(key: string, v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (typeof v === 'number' && /(_at|At)$/.test(key) && v > 0) {
    return new Date(v * 1000).toISOString().replace('T', ' ').slice(0, 19)
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object')) {
    return v.length === 0 ? '-' : v.join(',')
  }
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}
