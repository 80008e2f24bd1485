import type { GroupRow, PhoneRow } from '../../store/tables/group.table.js'
import { COLUMN_LETTERS, type ColumnLetter } from './groups.schemas.js'

/** The group object of spec §10.1. */
export type Group = {
  id: number
  name: string
  description: string | null
  name_a: string | null
  name_b: string | null
  name_c: string | null
  name_d: string | null
  name_e: string | null
  count_items: number
  /** ISO 8601 (`2019-08-24T14:15:22Z`), as the spec types it; stored as unix seconds. */
  deleted_at: string | null
}

/** The phone object of spec §11.1; `id` is a string as in the spec's sample (G-37). */
export type Phone = {
  id: string
  phone: string
  a: string | null
  b: string | null
  c: string | null
  d: string | null
  e: string | null
  callback_data: string | null
  subscribed_at: number | null
  unsubscribed_at: number | null
  unsubscribe_reason: number | null
}

export function groupFromRow(r: GroupRow): Group {
  return {
    id: Number(r.id),
    name: r.name,
    description: r.description,
    name_a: r.name_a,
    name_b: r.name_b,
    name_c: r.name_c,
    name_d: r.name_d,
    name_e: r.name_e,
    count_items: Number(r.count_items),
    deleted_at: r.deleted_at === null ? null : isoSeconds(Number(r.deleted_at)),
  }
}

export function phoneFromRow(r: PhoneRow): Phone {
  return {
    id: String(r.id),
    phone: r.phone,
    a: r.a,
    b: r.b,
    c: r.c,
    d: r.d,
    e: r.e,
    callback_data: r.callback_data,
    subscribed_at: r.subscribed_at === null ? null : Number(r.subscribed_at),
    unsubscribed_at: r.unsubscribed_at === null ? null : Number(r.unsubscribed_at),
    unsubscribe_reason: r.unsubscribe_reason === null ? null : Number(r.unsubscribe_reason),
  }
}

/** The header of a data column in CSV files: the group's name for it, else `col_A` … `col_E`. */
export function columnHeader(
  group: Pick<GroupRow, `name_${ColumnLetter}`>,
  letter: ColumnLetter,
): string {
  const name = group[`name_${letter}`]
  return name === null || name === '' ? `col_${letter.toUpperCase()}` : name
}

export function columnHeaders(group: Pick<GroupRow, `name_${ColumnLetter}`>): string[] {
  return COLUMN_LETTERS.map((l) => columnHeader(group, l))
}

function isoSeconds(s: number): string {
  return new Date(s * 1000).toISOString().replace(/\.000Z$/, 'Z')
}
