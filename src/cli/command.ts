import type { Kind } from './option-kinds.js'
import type { Output } from './output.js'

/**
 * One declaration per command and subcommand: its options, each with the kind of value it takes
 * and a description. Parsing (parse-args.ts), the validation errors and the --help text
 * (help.ts) all come from it.
 */
export type Option<T = unknown> = {
  kind: Kind<T>
  description: string
  required?: boolean
  /** May be given several times; the values come as an array. */
  multiple?: boolean
  /** Taken when the option is not given. */
  default?: T
  short?: string
}

export type Flag = { flag: true; description: string; short?: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- options of every value type
export type Options = Record<string, Option<any> | Flag>

/** The parsed values, typed from the declaration. */
export type Values<O extends Options> = {
  -readonly [K in keyof O]: O[K] extends Flag
    ? boolean
    : O[K] extends Option<infer T>
      ? O[K] extends { multiple: true }
        ? T[]
        : O[K] extends { required: true } | { default: unknown }
          ? T
          : T | undefined
      : never
}

/** Arguments without a name: `taube ip unblock ADDRESS`. */
export type Positional<T = unknown> = { name: string; kind: Kind<T>; description: string }

export type Action<O extends Options = Options> = {
  summary: string
  options: O
  positional?: Positional
  /** Shown below the options in --help. */
  notes?: string
  /** Rules between options (one of two, both or neither); a message names what is wrong. */
  check?: (values: Values<O>, positional: unknown) => string | null
  /**
   * An output for --json or a table, or an exit code for commands that run until stopped
   * (serve, smsc-sim), which take no --json.
   */
  run: (values: Values<O>, positional: unknown) => Promise<Output | number>
  /** false: the command prints as it goes and has no --json. */
  json?: boolean
}

/* eslint-disable @typescript-eslint/no-explicit-any -- one table holds actions of different option types */
export type Command =
  | { name: string; summary: string; action: Action<any> }
  | { name: string; summary: string; subcommands: Record<string, Action<any>>; notes?: string }

/** Keeps the option types of one action while the table of commands holds many. */
export function action<O extends Options>(a: Action<O>): Action<any> {
  return a as Action<any>
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** An option that may be left out. */
export function optional<T>(kind: Kind<T>, description: string): Option<T> {
  return { kind, description }
}

export function required<T>(kind: Kind<T>, description: string): Option<T> & { required: true } {
  return { kind, description, required: true }
}

export function withDefault<T>(
  kind: Kind<T>,
  description: string,
  value: T,
): Option<T> & { default: T } {
  return { kind, description, default: value }
}

export function repeated<T>(kind: Kind<T>, description: string): Option<T> & { multiple: true } {
  return { kind, description, multiple: true }
}

export function flag(description: string, short?: string): Flag {
  return short === undefined ? { flag: true, description } : { flag: true, description, short }
}

/** Usage and validation problems: printed on stderr with a pointer to --help, exit 2. */
export class UsageError extends Error {}

/** A failure explained in one message (an unreachable database): stderr, exit 1. */
export class CliFailure extends Error {}
