// Pushwoosh applications and their presets, as the operator manages them. An application's
// auth token is an API key of type pushwoosh made with it (hashed, shown once, with the key's
// IP list, activation and last use as every key has them) and deleted with it.
import { classifySenderId } from '../../domain/message/sender-id.js'
import { isSafeText, TEXT_FORMAT_MESSAGES } from '../../domain/text/unsafe-characters.js'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import * as accounts from '../../store/repositories/account.repository.js'
import * as keys from '../../store/repositories/api-key.repository.js'
import * as store from '../../store/repositories/pushwoosh.repository.js'
import type {
  PushwooshApplicationRow,
  PushwooshPresetRow,
} from '../../store/tables/pushwoosh.table.js'
import type { ServiceDeps } from '../deps.js'
import { hashToken } from '../keys/api-key-model.js'
import { TOKEN_LENGTH } from '../keys/manage-keys.js'
import type {
  CreateApplicationBody,
  CreatePresetBody,
  PushwooshApplication,
  PushwooshPreset,
} from './pushwoosh.schemas.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'ids'>

/** `XXXXX-XXXXX` from the id generator's random letters and digits. */
export function newCode(deps: Pick<ServiceDeps, 'ids'>): string {
  const t = deps.ids.token(10).toUpperCase()
  return `${t.slice(0, 5)}-${t.slice(5)}`
}

export function applicationJson(r: PushwooshApplicationRow): PushwooshApplication {
  return {
    code: r.code,
    account_id: Number(r.account_id),
    name: r.name,
    sender: r.sender,
    key_id: Number(r.key_id),
    created_at: Number(r.created_at),
  }
}

function presetJson(r: PushwooshPresetRow, application: string): PushwooshPreset {
  return {
    code: r.code,
    application,
    name: r.name,
    content: r.content,
    created_at: Number(r.created_at),
  }
}

/**
 * The rules of the admin API's schemas, for callers without it (the command line): names are
 * labels, a sender a valid sender id, a preset's content a message text.
 */
function check(fields: { name: string; sender?: string | undefined; content?: string }): void {
  const violations: Violation[] = []
  const { name, sender, content } = fields
  if (name.trim() === '' || name.length > 100 || !isSafeText(name, 'label'))
    violations.push({
      propertyPath: 'name',
      message: `1 to 100 characters; ${TEXT_FORMAT_MESSAGES.label}`,
    })
  if (sender !== undefined && classifySenderId(sender) === null)
    violations.push({
      propertyPath: 'sender',
      message: 'must be up to 11 letters, digits and spaces, or a number of up to 15 digits',
    })
  if (
    content !== undefined &&
    (content.trim() === '' || content.length > 1600 || !isSafeText(content, 'message-text'))
  )
    violations.push({
      propertyPath: 'content',
      message: `1 to 1600 characters; ${TEXT_FORMAT_MESSAGES['message-text']}`,
    })
  if (violations.length > 0) throw validationError(violations)
}

/** A new application of the account and its auth token, shown this once. */
export async function createApplication(
  deps: Deps,
  accountId: number,
  body: CreateApplicationBody,
): Promise<PushwooshApplication & { auth: string }> {
  check(body)
  const auth = deps.ids.token(TOKEN_LENGTH)
  const now = unixSeconds(deps.clock)
  const code = newCode(deps)
  return deps.db.transaction().execute(async (trx) => {
    if (!(await accounts.findAccount(trx, accountId)))
      throw appError('ACCOUNT_NOT_FOUND', { id: accountId })
    const keyId = await keys.insertApiKey(trx, {
      account_id: accountId,
      name: `Pushwoosh ${code}`,
      type: 'pushwoosh',
      token_hash: hashToken(auth),
      token_hint: auth.slice(0, 4),
      is_active: 1,
      ip_allowlist: null,
      last_used_at: null,
      last_used_ip: null,
      created_at: now,
      endpoints: null,
      signing_secret: null,
    })
    const row = {
      account_id: accountId,
      code,
      name: body.name,
      key_id: keyId,
      sender: body.sender ?? null,
      created_at: now,
    }
    const id = await store.insertApplication(trx, row)
    return { ...applicationJson({ ...row, id }), auth }
  })
}

export async function listApplications(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
): Promise<PushwooshApplication[]> {
  if (!(await accounts.findAccount(deps.db, accountId)))
    throw appError('ACCOUNT_NOT_FOUND', { id: accountId })
  return (await store.listApplications(deps.db, accountId)).map(applicationJson)
}

/** The account's application with this code; another account's is not found, alike. */
export async function getApplication(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  code: string,
): Promise<PushwooshApplicationRow> {
  const row = await store.findApplication(deps.db, accountId, code)
  if (row === undefined) throw appError('PUSHWOOSH_APPLICATION_NOT_FOUND', { code })
  return row
}

/** Deletes the application, its presets, its devices and its auth token. */
export async function deleteApplication(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  code: string,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const app = await getApplication({ db: trx }, accountId, code)
    await store.deleteApplication(trx, Number(app.id))
    await keys.deleteApiKey(trx, Number(app.key_id))
  })
}

export async function createPreset(
  deps: Deps,
  accountId: number,
  application: string,
  body: CreatePresetBody,
): Promise<PushwooshPreset> {
  check(body)
  const app = await getApplication(deps, accountId, application)
  const row = await store.insertPreset(deps.db, {
    account_id: accountId,
    application_id: Number(app.id),
    code: newCode(deps),
    name: body.name,
    content: body.content,
    created_at: unixSeconds(deps.clock),
  })
  return presetJson(row, app.code)
}

export async function listPresets(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  application: string,
): Promise<PushwooshPreset[]> {
  const app = await getApplication(deps, accountId, application)
  return (await store.listPresets(deps.db, Number(app.id))).map((r) => presetJson(r, app.code))
}

export async function deletePreset(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  application: string,
  code: string,
): Promise<void> {
  const app = await getApplication(deps, accountId, application)
  if (!(await store.deletePreset(deps.db, Number(app.id), code)))
    throw appError('PUSHWOOSH_PRESET_NOT_FOUND', { code, application })
}
