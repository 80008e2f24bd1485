import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { CliFailure } from './command.js'

/** What a failure to open the database means, by the code of the error. */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused; is PostgreSQL running and listening there?',
  ENOTFOUND: 'the host name is not known',
  EAI_AGAIN: 'the host name could not be looked up',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the server closed the connection',
  '28P01': 'the password was refused',
  '28000': 'the server refused the user (pg_hba.conf)',
  '3D000': 'the database does not exist (createdb it, owned by the user)',
  '42501': 'the user lacks a privilege the migrations need',
  '57P03': 'the server is starting up or shutting down',
  SQLITE_BUSY: 'the file stayed locked by another process; try again',
  SQLITE_CANTOPEN: 'the file cannot be opened (permissions?)',
  SQLITE_READONLY: 'the file is read-only for this user',
  SQLITE_NOTADB: 'the file is not a SQLite database',
}

/**
 * One line naming TAUBE_DATABASE_URL and where it points (host:port and database, never the
 * password), or null for an error that is not about reaching the database.
 */
export function databaseFailure(err: unknown, url: string): string | null {
  const code = errorCode(err)
  const reason = code === undefined ? undefined : REASONS[code]
  if (reason === undefined) return null
  return `Taube cannot open the database of TAUBE_DATABASE_URL (${where(url)}): ${reason}`
}

/**
 * A SQLite file's folder must exist: a mistyped path would otherwise become a new, empty
 * database somewhere. Only the default, ./data, is made, so a first `npm start` just works.
 */
export function prepareSqliteFolder(url: string, isDefault: boolean): void {
  if (!url.startsWith('sqlite:') || url === 'sqlite::memory:') return
  const folder = dirname(url.slice('sqlite:'.length))
  if (existsSync(folder)) return
  if (isDefault) {
    mkdirSync(folder, { recursive: true })
    return
  }
  throw new CliFailure(
    `TAUBE_DATABASE_URL=${url}: the folder ${resolve(folder)} does not exist; create it ` +
      `(mkdir -p ${folder}) or correct the path. Taube makes the database file, not its folder.`,
  )
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { code?: unknown; errors?: unknown[] }
  if (typeof e.code === 'string') return e.code
  // Node tries every address of a host name and reports them together, without a code of its own.
  return Array.isArray(e.errors) ? e.errors.map(errorCode).find((c) => c !== undefined) : undefined
}

function where(url: string): string {
  if (url.startsWith('sqlite:')) return url
  try {
    const u = new URL(url)
    const database = decodeURIComponent(u.pathname.slice(1))
    const parts = [`postgres at ${u.hostname}:${u.port || 5432}`]
    if (database) parts.push(`database ${database}`)
    if (u.username) parts.push(`user ${decodeURIComponent(u.username)}`)
    return parts.join(', ')
  } catch {
    return 'an unreadable URL'
  }
}
