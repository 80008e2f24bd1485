// Writing CSV as RFC 4180 says: fields separated by commas, records ended by CRLF, a field
// quoted when it holds a quote, the delimiter or a line break, and quotes inside doubled.

/** Characters that force quoting. `;` too, so readers that split on semicolons (Excel in
 * many European locales) keep such a value in one cell; RFC 4180 allows quoting any field. */
const NEEDS_QUOTES = /[",;\r\n]/

/** One field; null and the empty string are both an empty field. */
export function csvField(value: string | null): string {
  if (value === null || value === '') return ''
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** One record with its CRLF terminator. */
export function csvRecord(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}
