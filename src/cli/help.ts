import type { Action, Command, Flag, Option } from './command.js'
import { HELP_FLAG, isFlag, JSON_FLAG, takesJson } from './parse-args.js'

const WIDTH = 100

/** `taube --help`: every command with its summary. */
export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`)
  return [
    'usage: taube <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Run "taube <command> --help" for its options. Configuration comes from TAUBE_* environment',
    'variables (see README); one-shot commands print a table, or JSON with --json.',
  ].join('\n')
}

/** `taube account --help`: the subcommands with their usage lines. */
export function commandHelp(c: Command): string {
  if ('action' in c) return actionHelp(`taube ${c.name}`, c.action)
  const names = Object.keys(c.subcommands)
  const width = Math.max(...names.map((n) => n.length)) + 2
  return [
    `usage: taube ${c.name} <${names.join('|')}> [options]`,
    '',
    `${capital(c.summary)}.`,
    '',
    'subcommands:',
    ...Object.entries(c.subcommands).map(([n, a]) => `  ${n.padEnd(width)}${a.summary}`),
    '',
    ...Object.entries(c.subcommands).map(([n, a]) => usageLine(`taube ${c.name} ${n}`, a)),
    ...(c.notes ? ['', c.notes] : []),
    '',
    `Run "taube ${c.name} <subcommand> --help" for what each option takes.`,
  ].join('\n')
}

/** `taube account create --help`: usage, then each option, what it takes and its default. */
export function actionHelp(path: string, a: Action): string {
  const rows: [string, string][] = []
  const p = a.positional
  if (p) rows.push([p.name, `${p.description}; ${p.kind.allowed}`])
  for (const [name, o] of Object.entries(a.options)) {
    rows.push([optionLabel(name, o), optionText(o)])
  }
  if (takesJson(a)) rows.push(['--json', JSON_FLAG.description])
  rows.push(['-h, --help', HELP_FLAG.description])
  const width = Math.min(28, Math.max(...rows.map(([l]) => l.length)) + 2)
  const body = rows.flatMap(([label, text]) => {
    const lines = wrap(text, WIDTH - width - 2)
    const indent = `  ${''.padEnd(width)}`
    // A label too long for the column gets a line of its own.
    const first =
      label.length + 2 > width
        ? [`  ${label}`, `${indent}${lines[0]}`]
        : [`  ${label.padEnd(width)}${lines[0]}`]
    return [...first, ...lines.slice(1).map((l) => `${indent}${l}`)]
  })
  const notes = a.notes ? ['', a.notes] : []
  return [usageLine(path, a), '', `${capital(a.summary)}.`, '', 'options:', ...body, ...notes].join(
    '\n',
  )
}

/** `taube account create --name NAME [--country CC] …`, wrapped under the command. */
export function usageLine(path: string, a: Action): string {
  const parts: string[] = []
  if (a.positional) parts.push(`[${a.positional.name}]`)
  for (const [name, o] of Object.entries(a.options)) {
    const more = !isFlag(o) && o.multiple ? ' …' : ''
    const label = isFlag(o) ? `--${name}` : `--${name} ${o.kind.placeholder}${more}`
    parts.push(!isFlag(o) && o.required ? label : `[${label}]`)
  }
  if (takesJson(a)) parts.push('[--json]')
  const head = `usage: ${path}`
  const lines: string[] = []
  let line = head
  for (const part of parts) {
    if (line.length + part.length + 1 > WIDTH && line !== head) {
      lines.push(line)
      line = ''.padEnd(head.length)
    }
    line += ` ${part}`
  }
  lines.push(line)
  return lines.join('\n')
}

function optionLabel(name: string, o: Option | Flag): string {
  const short = o.short ? `-${o.short}, ` : ''
  return isFlag(o) ? `${short}--${name}` : `${short}--${name} ${o.kind.placeholder}`
}

function optionText(o: Option | Flag): string {
  if (isFlag(o)) return o.description
  const parts = [o.description, o.kind.allowed]
  if (o.required) parts.push('required')
  if (o.multiple) parts.push('may be repeated')
  if (o.default !== undefined) parts.push(`default ${String(o.default)}`)
  return parts.join('; ')
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  lines.push(line)
  return lines
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
