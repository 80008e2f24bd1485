// seven.io's `files`: each entry's `[[name]]` in the text becomes a link to a download page the
// gateway hosts under a random code, optionally behind a password, gone after `validity` days.
import { randomBytes } from 'node:crypto'
import { validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import {
  deleteSevenFiles,
  insertSevenFiles,
} from '../../store/repositories/seven-file.repository.js'
import type { ServiceDeps } from '../deps.js'
import { hashFilePassword } from './file-password.js'

/**
 * Limits (docs/decisions.md, "seven.io files"): the whole request stays under the API's 1 MiB
 * body limit, so a file is at most 512 KiB decoded (about 683 KiB of base64), and a message
 * carries at most five. A file lives 1 to 30 days, 3 by default, as seven.io's.
 */
export const FILE_LIMITS = {
  maxFiles: 5,
  maxBytes: 512 * 1024,
  maxNameLength: 100,
  defaultValidityDays: 3,
  maxValidityDays: 30,
  maxPasswordLength: 100,
} as const

export type FileEntry = {
  name?: unknown
  contents?: unknown
  validity?: unknown
  password?: unknown
}

/** Files ready to store, and the text with their links. */
export type PreparedFiles = {
  text: string
  files: {
    code: string
    name: string
    contents: string
    size: number
    password: string | null
    validityDays: number
  }[]
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
// A file name as it may stand in `[[…]]`: printable, no brackets or path separators.
const NAME = /^[^\p{Cc}[\]/\\]+$/u

/** 12 random bytes: 96 bits, 16 characters in a link. */
export function newFileCode(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * Checks the entries and puts each one's link into the text; stores nothing. Every problem is
 * named by its field (`files[1].contents`); the caller answers them before anything is charged.
 */
export function prepareFiles(
  text: string,
  entries: unknown,
  publicUrl: string,
  newCode: () => string = newFileCode,
): PreparedFiles {
  if (entries === undefined || entries === null) return { text, files: [] }
  const list = Array.isArray(entries) ? entries : null
  if (list === null) throw validationError([at('files', 'must be a list of files')])
  if (list.length > FILE_LIMITS.maxFiles) {
    throw validationError([at('files', `at most ${FILE_LIMITS.maxFiles} files per message`)])
  }
  const problems: Violation[] = []
  const files: PreparedFiles['files'] = []
  const names = new Set<string>()
  let out = text
  list.forEach((raw: unknown, i) => {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as FileEntry
    const field = (f: string) => `files[${i}].${f}`
    const before = problems.length
    const name = typeof e.name === 'string' ? e.name.trim() : ''
    if (name === '') problems.push(at(field('name'), 'is required'))
    else if (name.length > FILE_LIMITS.maxNameLength || !NAME.test(name))
      problems.push(
        at(field('name'), `at most ${FILE_LIMITS.maxNameLength} printable characters, no [ ] / \\`),
      )
    else if (names.has(name)) problems.push(at(field('name'), 'names another file already'))
    else if (!text.includes(`[[${name}]]`))
      problems.push(at(field('name'), `the text has no placeholder [[${name}]]`))
    names.add(name)
    const contents = typeof e.contents === 'string' ? e.contents.replace(/\s+/g, '') : null
    let size = 0
    if (contents === null || contents === '') problems.push(at(field('contents'), 'is required'))
    else if (!BASE64.test(contents)) problems.push(at(field('contents'), 'is not valid base64'))
    else {
      size = Buffer.byteLength(contents, 'base64')
      if (size > FILE_LIMITS.maxBytes)
        problems.push(at(field('contents'), `at most ${FILE_LIMITS.maxBytes} bytes decoded`))
    }
    const validity = validityOf(e.validity)
    if (validity === null)
      problems.push(
        at(field('validity'), `a whole number of days from 1 to ${FILE_LIMITS.maxValidityDays}`),
      )
    const password = e.password === undefined || e.password === null ? '' : e.password
    if (typeof password !== 'string' || password.length > FILE_LIMITS.maxPasswordLength)
      problems.push(
        at(field('password'), `text of at most ${FILE_LIMITS.maxPasswordLength} characters`),
      )
    if (problems.length > before) return
    const code = newCode()
    out = out.split(`[[${name}]]`).join(`${publicUrl}/f/${code}`)
    files.push({
      code,
      name,
      contents: contents!,
      size,
      password: password === '' ? null : (password as string),
      validityDays: validity!,
    })
  })
  if (problems.length > 0) throw validationError(problems)
  return { text: out, files }
}

/** Form bodies give strings, JSON numbers; absent or empty is the default. */
function validityOf(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return FILE_LIMITS.defaultValidityDays
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : NaN
  return Number.isInteger(n) && n >= 1 && n <= FILE_LIMITS.maxValidityDays ? n : null
}

function at(propertyPath: string, message: string): Violation {
  return { propertyPath, message }
}

/** Stores prepared files of an account; returns their codes, to remove them if the send fails. */
export async function storeFiles(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
  prepared: PreparedFiles,
): Promise<string[]> {
  const now = unixSeconds(deps.clock)
  const rows = await Promise.all(
    prepared.files.map(async (f) => ({
      code: f.code,
      account_id: accountId,
      name: f.name,
      contents: f.contents,
      size: f.size,
      password_hash: f.password === null ? null : await hashFilePassword(f.password),
      locked_until: null,
      created_at: now,
      expires_at: now + f.validityDays * 86_400,
    })),
  )
  await insertSevenFiles(deps.db, rows)
  return rows.map((r) => r.code)
}

/**
 * The one call of the send route: checks `files`, stores them and gives the text with their
 * links, then sends with `send`; if sending fails, or `sent` says no message went out, the
 * files go again. Bad files throw before anything is stored or charged.
 */
export async function withFiles<T>(
  deps: Pick<ServiceDeps, 'db' | 'clock' | 'settings'>,
  input: { accountId: number; text: string; files: unknown },
  send: (text: string) => Promise<T>,
  sent: (result: T) => boolean = () => true,
): Promise<T> {
  const prepared = prepareFiles(input.text, input.files, deps.settings.publicUrl)
  if (prepared.files.length === 0) return send(input.text)
  const codes = await storeFiles(deps, input.accountId, prepared)
  let result: T
  try {
    result = await send(prepared.text)
  } catch (err) {
    await deleteSevenFiles(deps.db, codes)
    throw err
  }
  if (!sent(result)) await deleteSevenFiles(deps.db, codes)
  return result
}
