import pino from 'pino'
import type { AppContext, createContext } from '../app/context.js'
import { DEFAULT_DATABASE_URL, loadConfig } from '../config/load.js'
import type { Config } from '../config/schema.js'
import { CliFailure } from './command.js'
import { databaseFailure, prepareSqliteFolder } from './database-error.js'

/**
 * A one-shot command waits this long for another process's write (a running gateway's group
 * commits) before it gives up: longer than the gateway's own 5 s, as nobody waits on it.
 */
export const CLI_BUSY_TIMEOUT_MS = 30_000

/** Runs a one-shot command against the configured database, then releases it. */
export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(loadConfig(), {
    log: pino({ level: 'warn' }),
    sqliteBusyTimeoutMs: CLI_BUSY_TIMEOUT_MS,
  })
  try {
    return await fn(ctx)
  } finally {
    await ctx.lifecycle.stopAll()
  }
}

/**
 * Opens the context with failures an operator can act on said in one line: a SQLite folder that
 * does not exist, a PostgreSQL server that cannot be reached or refuses the login.
 */
export async function openContext(
  config: Config,
  opts: Parameters<typeof createContext>[1] = {},
): Promise<AppContext> {
  prepareSqliteFolder(config.databaseUrl, isDefaultDatabase())
  // Loaded when a command needs the database, so that --help and usage errors come at once.
  const { createContext } = await import('../app/context.js')
  try {
    return await createContext(config, opts)
  } catch (err) {
    const message = databaseFailure(err, config.databaseUrl)
    if (message !== null) throw new CliFailure(message)
    throw err
  }
}

/**
 * The default store: TAUBE_DATABASE_URL unset, empty (which means the default like every
 * variable), or spelled out as the default is.
 */
export function isDefaultDatabase(env: Record<string, string | undefined> = process.env): boolean {
  const url = (env.TAUBE_DATABASE_URL ?? '').trim()
  return url === '' || url === DEFAULT_DATABASE_URL
}
