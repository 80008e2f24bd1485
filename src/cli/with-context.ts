import pino from 'pino'
import { createContext, type AppContext } from '../app/context.js'
import { loadConfig } from '../config/load.js'
import { AppError } from '../errors/app-error.js'

/** Runs a one-shot command against the configured database, then releases it. */
export async function withContext(fn: (ctx: AppContext) => Promise<void>): Promise<number> {
  const config = loadConfig()
  const ctx = await createContext(config, { log: pino({ level: 'warn' }) })
  try {
    await fn(ctx)
    return 0
  } catch (e) {
    if (e instanceof AppError) {
      console.error(e.message)
      for (const v of e.violations) console.error(`  ${v.propertyPath}: ${v.message}`)
      return 1
    }
    throw e
  } finally {
    await ctx.lifecycle.stopAll()
  }
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2))
}
