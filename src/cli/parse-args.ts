import { parseArgs } from 'node:util'
import { UsageError, type Action, type Flag, type Option } from './command.js'
import { Refusal, type Kind } from './option-kinds.js'

export type Parsed = {
  help: boolean
  json: boolean
  values: Record<string, unknown>
  positional: unknown
}

/** The options every action takes besides its own. */
export const HELP_FLAG: Flag = { flag: true, description: 'show this help', short: 'h' }
export const JSON_FLAG: Flag = {
  flag: true,
  description: 'print JSON for scripts instead of a table',
}

export function takesJson(a: Action): boolean {
  return a.json !== false
}

/**
 * Reads `args` against an action's declaration. node:util's parseArgs splits the words; each
 * value is then read by its option's kind, so an error names the option, what was given and
 * what is allowed. Unknown options, missing values and missing required options are refused.
 */
export function parseActionArgs(a: Action, args: string[]): Parsed {
  const declared: Record<string, Option | Flag> = { ...a.options, help: HELP_FLAG }
  if (takesJson(a)) declared.json = JSON_FLAG
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {}
  for (const [name, o] of Object.entries(declared)) {
    const type = isFlag(o) ? 'boolean' : 'string'
    config[name] = o.short ? { type, short: o.short } : { type }
  }
  const { tokens } = parseArgs({
    args,
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  const given: Record<string, string[]> = {}
  const flags = new Set<string>()
  const positionals: string[] = []
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value)
      continue
    }
    if (token.kind !== 'option') continue
    const name = token.name
    const o = declared[name]
    if (o === undefined) {
      const takes = optionList(declared)
      throw new UsageError(`unknown option ${token.rawName}; this command takes ${takes}`)
    }
    if (isFlag(o)) {
      if (token.inlineValue) throw new UsageError(`--${name} takes no value`)
      flags.add(name)
      continue
    }
    // Without `=`, a value that looks like another option is one forgotten.
    const value = token.value
    if (value === undefined || (!token.inlineValue && /^--?[a-z]/i.test(value))) {
      const { allowed, example } = o.kind
      throw new UsageError(`--${name} needs a value: ${allowed}, e.g. --${name} ${example}`)
    }
    if (given[name] && !o.multiple) throw new UsageError(`--${name} is given twice`)
    ;(given[name] ??= []).push(value)
  }
  const help = flags.has('help')
  const json = flags.has('json')
  if (help) return { help, json, values: {}, positional: undefined }

  const values: Record<string, unknown> = {}
  for (const [name, o] of Object.entries(a.options)) {
    if (isFlag(o)) {
      values[name] = flags.has(name)
      continue
    }
    const texts = given[name]
    if (texts === undefined) {
      if (o.required) throw new UsageError(`--${name} is required: ${o.description}`)
      values[name] = o.multiple ? [] : o.default
      continue
    }
    const read = texts.map((t) => readValue(`--${name}`, o.kind, t))
    values[name] = o.multiple ? read : read[0]
  }

  let positional: unknown
  if (a.positional) {
    const { name, kind } = a.positional
    if (positionals.length > 1) {
      throw new UsageError(`one ${name} only, not ${positionals.length}`)
    }
    if (positionals[0] !== undefined) positional = readValue(name, kind, positionals[0])
  } else if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals[0]}"`)
  }
  const problem = a.check?.(values as never, positional)
  if (problem) throw new UsageError(problem)
  return { help, json, values, positional }
}

function readValue<T>(label: string, kind: Kind<T>, text: string): T {
  const value = kind.parse(text)
  if (value === undefined || value instanceof Refusal) {
    const why = value instanceof Refusal ? `${value.why}; ` : ''
    const use = `use ${kind.allowed}, e.g. ${example(label, kind)}`
    throw new UsageError(`${label} "${text}" is not allowed: ${why}${use}`)
  }
  return value
}

function example(label: string, kind: Kind<unknown>): string {
  return label.startsWith('--') ? `${label} ${kind.example}` : kind.example
}

export function isFlag(o: Option | Flag): o is Flag {
  return 'flag' in o
}

function optionList(declared: Record<string, Option | Flag>): string {
  return Object.keys(declared)
    .map((n) => `--${n}`)
    .join(', ')
}
