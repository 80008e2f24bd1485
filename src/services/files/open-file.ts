// The download page's use case: a file by its code, and its contents once the password (if it
// has one) is given. Wrong passwords lock the file for a while: the code is unguessable, the
// password may not be.
import { unixSeconds } from '../../shared/clock.js'
import {
  clearWrongPasswords,
  findSevenFile,
  recordWrongPassword,
} from '../../store/repositories/seven-file.repository.js'
import type { SevenFileRow } from '../../store/tables/seven-file.table.js'
import type { ServiceDeps } from '../deps.js'
import { verifyFilePassword } from './file-password.js'

/** Five wrong passwords lock a file for a quarter of an hour. */
export const WRONG_PASSWORD_LIMIT = { max: 5, lockS: 15 * 60 } as const

export type FileInfo = {
  code: string
  name: string
  size: number
  protected: boolean
  expiresAt: number
}

export type FileLookup =
  { kind: 'missing' } | { kind: 'expired' } | { kind: 'found'; file: FileInfo; row: SevenFileRow }

type Deps = Pick<ServiceDeps, 'db' | 'clock'>

export async function lookUpFile(deps: Deps, code: string): Promise<FileLookup> {
  if (!/^[A-Za-z0-9_-]{16}$/.test(code)) return { kind: 'missing' }
  const row = await findSevenFile(deps.db, code)
  if (row === null) return { kind: 'missing' }
  // Past its validity it is gone, also before the sweep removes the row.
  if (Number(row.expires_at) <= unixSeconds(deps.clock)) return { kind: 'expired' }
  return {
    kind: 'found',
    row,
    file: {
      code: row.code,
      name: row.name,
      size: Number(row.size),
      protected: row.password_hash !== null,
      expiresAt: Number(row.expires_at),
    },
  }
}

export type OpenResult =
  | { kind: 'open'; name: string; contents: Buffer }
  | { kind: 'wrong-password' }
  /** Seconds until the lock ends. */
  | { kind: 'locked'; retryAfterS: number }

/** The contents of a found file, if the password opens it (or it needs none). */
export async function openFile(
  deps: Deps,
  row: SevenFileRow,
  password: string | undefined,
): Promise<OpenResult> {
  const now = unixSeconds(deps.clock)
  if (row.password_hash !== null) {
    const lockedUntil = row.locked_until === null ? 0 : Number(row.locked_until)
    if (lockedUntil > now) return { kind: 'locked', retryAfterS: lockedUntil - now }
    const right =
      password !== undefined &&
      password !== '' &&
      (await verifyFilePassword(password, row.password_hash))
    if (!right) {
      const { locked } = await recordWrongPassword(deps.db, row.code, {
        max: WRONG_PASSWORD_LIMIT.max,
        lockUntil: now + WRONG_PASSWORD_LIMIT.lockS,
      })
      return locked
        ? { kind: 'locked', retryAfterS: WRONG_PASSWORD_LIMIT.lockS }
        : { kind: 'wrong-password' }
    }
    if (Number(row.failed_count) > 0) await clearWrongPasswords(deps.db, row.code)
  }
  return { kind: 'open', name: row.name, contents: Buffer.from(row.contents, 'base64') }
}
