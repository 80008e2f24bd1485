// Pushwoosh's dynamic content: `{name}`, `{name|Modifier}` or `{name|Modifier|default}` in a
// message (or its preset) is replaced by the value of `name` in dynamic_content_placeholders,
// shaped by the modifier; without a value the default is taken. A placeholder with neither is
// refused rather than sent empty: an SMS costs money and cannot be recalled.

const MODIFIERS = {
  String: (v: string) => v,
  CapitalizeFirst: (v: string) => v.charAt(0).toUpperCase() + v.slice(1),
  CapitalizeAllFirst: (v: string) =>
    v.replace(/(^|\s)(\S)/gu, (_, space: string, c: string) => space + c.toUpperCase()),
  UPPERCASE: (v: string) => v.toUpperCase(),
  lowercase: (v: string) => v.toLowerCase(),
} as const satisfies Record<string, (v: string) => string>

export type Modifier = keyof typeof MODIFIERS
export const PLACEHOLDER_MODIFIERS = Object.keys(MODIFIERS) as Modifier[]

/** `{` name, then up to two `|` fields; a name starts with a letter or underscore. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]{0,63})(?:\|([^|{}\n]*)(?:\|([^{}\n]*))?)?\}/g

export type FillResult = { ok: true; text: string } | { ok: false; problem: string }

export function fillDynamicContent(
  template: string,
  values: Readonly<Record<string, string>>,
): FillResult {
  let problem: string | null = null
  const text = template.replace(
    PLACEHOLDER,
    (whole, name: string, modifier?: string, fallback?: string) => {
      const mod = modifier === undefined || modifier === '' ? 'String' : modifier
      if (!Object.hasOwn(MODIFIERS, mod)) {
        problem ??= `Unknown modifier "${mod}" in placeholder ${whole}; use one of ${PLACEHOLDER_MODIFIERS.join(', ')}`
        return whole
      }
      const value = Object.hasOwn(values, name) ? values[name] : fallback
      if (value === undefined) {
        problem ??= `No value for placeholder "${name}" in dynamic_content_placeholders, and no default`
        return whole
      }
      return MODIFIERS[mod as Modifier](value)
    },
  )
  return problem === null ? { ok: true, text } : { ok: false, problem }
}
