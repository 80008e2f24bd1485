// Bulk personalisation (spec §8.9, G-33): "[<column name>]" in a bulk text is replaced per
// recipient with that column of the recipient's group phone. A column answers to the group's own
// name for it (name_a … name_e) and to col_A / colA … col_E / colE, case-insensitively; a
// recipient without the value gets an empty string. A number of the bulk's own list that no
// group of the bulk holds has no values: every name of a column of any of the bulk's groups
// becomes empty for it (compileListTemplate).

export const COLUMNS = ['a', 'b', 'c', 'd', 'e'] as const
export type Column = (typeof COLUMNS)[number]

/** The group's names for columns a … e (null: unnamed). */
export type ColumnNames = readonly (string | null)[]
export type ColumnValues = Readonly<Partial<Record<Column, string | null>>>

type Piece = { text: string } | { column: Column }

/** A text split into literal pieces and column references, compiled once per group. */
export type Template = { pieces: readonly Piece[]; hasPlaceholders: boolean }

const PLACEHOLDER = /\[([^[\]\n]{1,60})\]/g

/** Which column a placeholder name means for a group, or null when it is no column. */
export function columnFor(name: string, names: ColumnNames): Column | null {
  const wanted = name.trim().toLowerCase()
  for (let i = 0; i < COLUMNS.length; i++) {
    const own = names[i]
    if (own !== null && own !== undefined && own.trim().toLowerCase() === wanted) return COLUMNS[i]!
  }
  const m = /^col_?([a-e])$/.exec(wanted)
  return m ? (m[1] as Column) : null
}

/** Brackets that name no column stay as they are: "[sic]" is text, not a placeholder. */
export function compileTemplate(text: string, names: ColumnNames): Template {
  return compile(text, (name) => columnFor(name, names))
}

/**
 * The template of the numbers in a bulk's own list: a name means a column when it does so in
 * any of the bulk's groups (or is col_A … col_E). They have no values, so it becomes empty
 * instead of staying "[Vorname]" as text; without groups only col_A … col_E are columns.
 */
export function compileListTemplate(text: string, groupNames: readonly ColumnNames[]): Template {
  return compile(text, (name) => {
    for (const names of groupNames) {
      const column = columnFor(name, names)
      if (column !== null) return column
    }
    return columnFor(name, [])
  })
}

function compile(text: string, resolve: (name: string) => Column | null): Template {
  const pieces: Piece[] = []
  let last = 0
  for (const m of text.matchAll(PLACEHOLDER)) {
    const column = resolve(m[1]!)
    if (column === null) continue
    if (m.index > last) pieces.push({ text: text.slice(last, m.index) })
    pieces.push({ column })
    last = m.index + m[0].length
  }
  if (last < text.length) pieces.push({ text: text.slice(last) })
  return { pieces, hasPlaceholders: pieces.some((p) => 'column' in p) }
}

/** `escape` is applied to each value, never to the template's own text (a voice bulk's SSML: voice/ssml.ts). */
export function personalise(
  t: Template,
  values: ColumnValues,
  escape: (value: string) => string = (v) => v,
): string {
  let out = ''
  for (const p of t.pieces) out += 'column' in p ? escape(values[p.column] ?? '') : p.text
  return out
}

/** The template's text before its first placeholder. */
export function leadingText(t: Template): string {
  const first = t.pieces[0]
  return first !== undefined && 'text' in first ? first.text : ''
}
