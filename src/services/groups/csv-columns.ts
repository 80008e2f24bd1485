import type { GroupRow } from '../../store/tables/group.table.js'
import { COLUMN_LETTERS, type ColumnLetter, type PhoneField } from './groups.schemas.js'

/** What each column of an imported file feeds: a phone field, or nothing. */
export type ColumnMapping = { targets: (PhoneField | null)[]; ignored: string[] }

type Target = PhoneField | 'id'

/**
 * Reads the header row of a CSV import. Names are compared trimmed and case-insensitively:
 * `phone`, `callback_data`, `id` (ignored, as the export writes it), and for each data column
 * the group's own name for it, `col_A`/`colA` or the bare letter. A header that fits several
 * targets takes the first one still free, so a group whose column is named "phone" reads back
 * its own export. Other columns are ignored and listed.
 */
export function mapHeader(
  header: readonly string[],
  group: Pick<GroupRow, `name_${ColumnLetter}`>,
): { ok: true; value: ColumnMapping } | { ok: false; message: string } {
  const taken = new Set<Target>()
  const targets: (PhoneField | null)[] = []
  const ignored: string[] = []
  for (const raw of header) {
    const name = raw.trim().toLowerCase()
    const target = candidates(name, group).find((t) => !taken.has(t))
    if (target === undefined) {
      if (candidates(name, group).length > 0)
        return { ok: false, message: `the column "${raw}" appears twice` }
      targets.push(null)
      if (name !== '') ignored.push(raw)
      continue
    }
    taken.add(target)
    targets.push(target === 'id' ? null : target)
  }
  if (!taken.has('phone')) {
    const found = header.map((h) => `"${h}"`).join(', ')
    return { ok: false, message: `the header row has no "phone" column (found: ${found})` }
  }
  return { ok: true, value: { targets, ignored } }
}

function candidates(name: string, group: Pick<GroupRow, `name_${ColumnLetter}`>): Target[] {
  const out: Target[] = []
  if (name === 'phone' || name === 'callback_data' || name === 'id') out.push(name)
  for (const l of COLUMN_LETTERS) {
    const own = group[`name_${l}`]
    if (own !== null && own.trim().toLowerCase() === name && name !== '') out.push(l)
  }
  const generic = /^(?:col_?)?([a-e])$/.exec(name)
  if (generic) out.push(generic[1] as ColumnLetter)
  return out
}
