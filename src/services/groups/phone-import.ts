import { unixSeconds } from '../../shared/clock.js'
import { CsvReader, type CsvRecord } from '../../domain/csv/csv-reader.js'
import { validationError, type Violation } from '../../errors/app-error.js'
import type { PhoneValues } from '../../store/repositories/phone.repository.js'
import { PHONE_INSERT_CHUNK } from '../../store/repositories/phone.repository.js'
import type { ServiceDeps } from '../deps.js'
import { mapHeader, type ColumnMapping } from './csv-columns.js'
import { liveGroup } from './manage-groups.js'
import { checkPhone } from './phone-input.js'
import { MAX_REPORTED_ERRORS, storePhones, type ItemError } from './store-phones.js'

/** A refused row: `index` counts data rows from 0, `line` is where the row starts in the file. */
export type ImportError = ItemError & { line: number }

export type ImportResult = {
  stored: number
  rejected: number
  errors: ImportError[]
  /** Header names that match no field and whose columns were not read. */
  ignoredColumns: string[]
}

type Account = { id: number; country: string | null }

/**
 * Refused rows after which reading stops: a file this wrong is the wrong file (another export,
 * a binary), and reading the rest of up to 50 MiB would only count more of the same.
 */
export const MAX_REFUSED_ROWS = 1000
/**
 * Characters one row may hold: the longest valid row (a 30-character phone, five 1,530-character
 * columns, 36 of callback_data, quotes and delimiters) is under 8,000; a file without line breaks
 * would otherwise be held whole in memory before its first row is read.
 */
export const MAX_ROW_CHARS = 64 * 1024

/**
 * Imports phones from a CSV file (UTF-8, comma or semicolon, header row first) as it arrives:
 * rows are checked one by one and stored PHONE_INSERT_CHUNK at a time, each chunk in its own
 * transaction, so a large file holds no lock while it uploads and memory stays flat. A refused
 * row is reported and the others are stored; when none could be stored the answer is a 422.
 * `truncated` tells whether the input was cut at the upload limit: the row cut in two is dropped
 * and the cut is reported. Reading stops early, and the rest of the input is left unread, at
 * bytes that are not UTF-8, at a row longer than MAX_ROW_CHARS and at the MAX_REFUSED_ROWS-th
 * refused row; the caller closes the upload it did not read to its end.
 */
export async function importPhonesCsv(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  account: Account,
  groupId: number,
  input: AsyncIterable<Uint8Array>,
  opts: { truncated?: () => boolean; limitLabel?: string } = {},
): Promise<ImportResult> {
  const group = await liveGroup(deps, account.id, groupId)
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const reader = new CsvReader()
  let mapping: ColumnMapping | null = null
  /** Data rows seen (blank ones skipped): the next row's index. */
  let index = 0
  let stored = 0
  let rejected = 0
  let lastLine = 0
  let failed: string | null = null
  const errors: ImportError[] = []
  let pending: PhoneValues[] = []

  const report = (e: ImportError) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e)
  }
  const flush = async () => {
    if (pending.length === 0) return
    const batch = pending
    pending = []
    const nowS = unixSeconds(deps.clock)
    await deps.db
      .transaction()
      .execute((trx) => storePhones(trx, { accountId: account.id, groupId, nowS }, batch))
    stored += batch.length
  }
  const take = async (records: CsvRecord[]) => {
    for (const record of records) {
      lastLine = record.line
      if (mapping === null) {
        const m = mapHeader(record.fields, group)
        if (!m.ok)
          throw validationError([
            { propertyPath: 'file', message: `${m.message} (line ${record.line})` },
          ])
        mapping = m.value
        continue
      }
      if (record.fields.every((f) => f.trim() === '')) continue
      const i = index++
      const problem = rowProblem(record, mapping)
      if (problem !== null) {
        rejected++
        report({ index: i, line: record.line, propertyPath: `[${i}]`, message: problem })
      } else {
        const r = checkPhone(rowObject(record.fields, mapping), account.country, `[${i}]`)
        if (r.ok) {
          pending.push(r.value)
          if (pending.length >= PHONE_INSERT_CHUNK) await flush()
          continue
        }
        rejected++
        for (const v of r.violations) report({ index: i, line: record.line, ...v })
      }
      if (rejected >= MAX_REFUSED_ROWS) {
        failed = `has ${MAX_REFUSED_ROWS} refused rows; reading stopped after line ${record.line}`
        return
      }
    }
  }

  const notUtf8 = () =>
    `is not valid UTF-8 (save it as "CSV UTF-8"); reading stopped after line ${lastLine}`
  for await (const chunk of input) {
    const text = decode(decoder, chunk)
    if (text === null) failed = notUtf8()
    else await take(reader.push(text))
    if (failed === null && reader.pendingChars > MAX_ROW_CHARS) {
      failed = `has a row longer than ${MAX_ROW_CHARS} characters after line ${lastLine}; reading stopped`
    }
    // The rest is not read: the caller answers at once and closes the upload.
    if (failed !== null) break
  }
  if (failed !== null) {
    // Stopped early; `failed` says why.
  } else if (opts.truncated?.()) {
    // The last, unfinished row is dropped with the undecoded rest.
    failed = `is larger than ${opts.limitLabel ?? 'the upload limit'}; reading stopped after line ${lastLine}`
  } else if (failed === null) {
    const rest = decode(decoder)
    if (rest === null) failed = notUtf8()
    else await take([...reader.push(rest), ...reader.end()])
  }
  await flush()

  const fileError: Violation | null =
    failed === null ? null : { propertyPath: 'file', message: failed }
  if (stored === 0) throw validationError(refusal(errors, fileError, mapping === null, index))
  if (fileError) errors.push({ index, line: lastLine, ...fileError })
  return {
    stored,
    rejected,
    errors,
    ignoredColumns: (mapping as ColumnMapping | null)?.ignored ?? [],
  }
}

/** Text of the next bytes (or of what is left, without bytes); null when they are not UTF-8. */
function decode(decoder: InstanceType<typeof TextDecoder>, bytes?: Uint8Array): string | null {
  try {
    return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true })
  } catch {
    return null
  }
}

/** The 422 of an import that stored nothing: each refused row, with its line, and the file's fault. */
function refusal(
  errors: ImportError[],
  fileError: Violation | null,
  noHeader: boolean,
  rows: number,
): Violation[] {
  const violations: Violation[] = errors.map(({ index: _index, line, ...v }) => ({
    ...v,
    message: `${v.message} (line ${line})`,
  }))
  if (fileError) violations.push(fileError)
  else if (noHeader) {
    violations.push({
      propertyPath: 'file',
      message: 'is empty: expected a header row with a "phone" column',
    })
  } else if (rows === 0)
    violations.push({ propertyPath: 'file', message: 'has a header row but no phones' })
  return violations
}

function rowProblem(record: CsvRecord, mapping: ColumnMapping): string | null {
  if (record.error !== undefined) return record.error
  if (record.fields.length > mapping.targets.length) {
    return `has ${record.fields.length} fields, the header has ${mapping.targets.length}`
  }
  return null
}

/** The row as a phone object; an empty cell is a field not given (null, or "is required"). */
function rowObject(fields: readonly string[], mapping: ColumnMapping): Record<string, string> {
  const out: Record<string, string> = {}
  mapping.targets.forEach((target, i) => {
    const v = fields[i] ?? ''
    if (target !== null && v !== '') out[target] = v
  })
  return out
}
