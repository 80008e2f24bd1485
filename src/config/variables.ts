import { ConfigSchema } from './schema.js'

/**
 * What the operator sees of the configuration: environment variable names, allowed values and
 * examples, all read from the schema (each `description` starts with the variable's name).
 */

type Property = {
  type?: string
  const?: unknown
  anyOf?: Property[]
  items?: Property
  minimum?: number
  maximum?: number
  minLength?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  examples?: unknown[]
  description?: string
}

const PROPERTIES = ConfigSchema.properties as unknown as Record<string, Property>

/** Config key → its environment variable, e.g. webhookRetryS → TAUBE_WEBHOOK_RETRY_S. */
export function variableOf(key: string): string | undefined {
  return PROPERTIES[key]?.description?.match(/^TAUBE_[A-Z0-9_]+/)?.[0]
}

export const KNOWN_VARIABLES: ReadonlySet<string> = new Set(
  Object.keys(PROPERTIES).flatMap((k) => variableOf(k) ?? []),
)

const TRUE_WORDS = ['1', 'true', 'yes', 'on']
const FALSE_WORDS = ['0', 'false', 'no', 'off']
export const BOOLEAN_HELP = '1/0, true/false, yes/no or on/off'

/** The one reading of every boolean variable: the usual words in any case, else undefined. */
export function parseBoolean(v: string): boolean | undefined {
  const s = v.trim().toLowerCase()
  if (TRUE_WORDS.includes(s)) return true
  if (FALSE_WORDS.includes(s)) return false
  return undefined
}

function allowed(p: Property): string {
  if (p.anyOf?.every((m) => m.const !== undefined)) {
    return `one of ${p.anyOf.map((m) => m.const).join(', ')}`
  }
  if (p.anyOf) return p.anyOf.map(allowed).join(', or ')
  if (p.const !== undefined) return String(p.const)
  if (p.type === 'boolean') return BOOLEAN_HELP
  if (p.type === 'integer') return `a whole number from ${p.minimum ?? 0} to ${p.maximum ?? '…'}`
  if (p.type === 'array') {
    const items = p.items ? allowed(p.items) : 'values'
    const count = `${p.minItems ?? 0} to ${p.maxItems ?? '…'}`
    return `a comma-separated list of ${count} entries, each ${items}`
  }
  if (p.pattern !== undefined) return `text matching the pattern ${p.pattern}`
  if (p.minLength === 1) return 'non-empty text'
  if (p.minLength !== undefined) return `text of at least ${p.minLength} characters`
  return 'text'
}

function envText(value: unknown): string {
  if (Array.isArray(value)) return value.join(',')
  if (typeof value === 'boolean') return value ? '1' : '0'
  return String(value)
}

/**
 * One line for a variable whose value is refused: what was given, what is allowed, an example
 * (the schema's `examples`, else the default).
 */
export function variableProblem(
  key: string,
  given: unknown,
  defaults: Record<string, unknown>,
): string {
  const p = PROPERTIES[key] ?? {}
  const name = variableOf(key) ?? key
  const example = p.examples?.[0] ?? defaults[key]
  const shown = typeof given === 'string' ? given : envText(given)
  return (
    `${name}=${JSON.stringify(shown)} is not allowed: use ${allowed(p)}` +
    (example === undefined ? '' : `, e.g. ${name}=${envText(example)}`)
  )
}

/** Set by the test suite and tools, not by the server. */
const FOREIGN = /^TAUBE_(TEST|FUZZ)_/

/** Unknown TAUBE_* variables (a typo is ignored otherwise), each with the nearest known name. */
export function unknownVariables(
  env: Record<string, string | undefined>,
): { name: string; suggestion?: string }[] {
  return Object.keys(env)
    .filter((n) => n.startsWith('TAUBE_') && !KNOWN_VARIABLES.has(n) && !FOREIGN.test(n))
    .sort()
    .map((name) => {
      let best: { known: string; d: number } | undefined
      for (const known of KNOWN_VARIABLES) {
        const d = distance(name, known)
        if (!best || d < best.d) best = { known, d }
      }
      // Beyond a third of the name it is no longer a typo of that variable.
      return best && best.d <= Math.max(2, Math.floor(name.length / 3))
        ? { name, suggestion: best.known }
        : { name }
    })
}

/** Log lines for `unknownVariables`. */
export function unknownVariableWarnings(env: Record<string, string | undefined>): string[] {
  return unknownVariables(env).map(({ name, suggestion }) =>
    suggestion === undefined
      ? `${name} is not a Taube variable and is ignored`
      : `${name} is not a Taube variable and is ignored; did you mean ${suggestion}?`,
  )
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + cost)
    }
    row = next
  }
  return row[b.length]!
}
