import { AppError } from '../errors/app-error.js'
import { accountCommand } from './account.js'
import { applicationCommand } from './application.js'
import { CliFailure, UsageError, type Action, type Command } from './command.js'
import { connectorCommand, routeCommand } from './connector.js'
import { actionHelp, commandHelp, mainHelp, usageLine } from './help.js'
import { ipCommand } from './ip.js'
import { keyCommand } from './key.js'
import { migrateCommand } from './migrate.js'
import { numberCommand } from './number.js'
import { senderIdCommand } from './sender-id.js'
import { print } from './output.js'
import { parseActionArgs } from './parse-args.js'
import { serveCommand } from './serve.js'
import { smscSimCommand } from './smsc-sim.js'
import { smppCommand } from './smpp.js'

/** Every command, in the order `taube --help` lists them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  migrateCommand,
  accountCommand,
  keyCommand,
  applicationCommand,
  connectorCommand,
  routeCommand,
  numberCommand,
  senderIdCommand,
  ipCommand,
  smscSimCommand,
  smppCommand,
]

const HELP_WORDS = new Set(['--help', '-h', 'help'])

/**
 * argv → exit code. 0 done (and --help, on stdout); 1 the work failed (stderr); 2 the command
 * line is wrong (stderr, naming the option and what it allows).
 */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || HELP_WORDS.has(name)) {
    // `taube help account create` is `taube account create --help`.
    if (name === 'help' && rest.length > 0) return runCli([...rest, '--help'])
    process.stdout.write(`${mainHelp(COMMANDS)}\n`)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    const names = COMMANDS.map((c) => c.name).join(', ')
    const usage = 'usage: taube <command> [options]'
    return usageError(`unknown command "${name}"; the commands are ${names}`, usage, 'taube')
  }
  if ('action' in command) return runAction(`taube ${command.name}`, command.action, rest)
  const [sub, ...args] = rest
  if (sub === undefined || HELP_WORDS.has(sub)) {
    if (sub === undefined) {
      return usageError(`taube ${name} needs a subcommand`, commandHelp(command))
    }
    process.stdout.write(`${commandHelp(command)}\n`)
    return 0
  }
  const a = command.subcommands[sub]
  if (!a) {
    const known = Object.keys(command.subcommands).join(', ')
    const message = `unknown subcommand "${sub}" of taube ${name}; use one of ${known}`
    return usageError(message, commandHelp(command))
  }
  return runAction(`taube ${name} ${sub}`, a, args)
}

async function runAction(path: string, a: Action, args: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseActionArgs(a, args)
  } catch (err) {
    if (err instanceof UsageError) {
      return usageError(`${path}: ${err.message}`, usageLine(path, a), path)
    }
    throw err
  }
  if (parsed.help) {
    process.stdout.write(`${actionHelp(path, a)}\n`)
    return 0
  }
  try {
    const result = await a.run(parsed.values as never, parsed.positional)
    if (typeof result === 'number') return result
    print(result, parsed.json)
    return 0
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n`)
      for (const v of err.violations) process.stderr.write(`  ${v.propertyPath}: ${v.message}\n`)
      return 1
    }
    if (err instanceof CliFailure) {
      process.stderr.write(`${err.message}\n`)
      return 1
    }
    throw err
  }
}

/** The problem, then the usage (and where to read more): stderr, exit 2. */
function usageError(message: string, usage: string, helpPath?: string): number {
  const more = helpPath === undefined ? '' : `\nRun "${helpPath} --help" for more.`
  process.stderr.write(`${message}\n\n${usage}${more}\n`)
  return 2
}
