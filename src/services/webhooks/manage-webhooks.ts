import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { EVENT_NAMES, isEventName } from '../../events/event-types.js'
import { isEmailTarget } from '../../events/outbox.js'
import { generateWebhookSecret, isValidWebhookSecret } from '../../events/signing.js'
import { targetProblem } from '../../events/ssrf-guard.js'
import * as webhooks from '../../store/repositories/webhook.repository.js'
import type { WebhookRow } from '../../store/tables/event.table.js'
import type { ServiceDeps } from '../deps.js'
import type { CreateWebhookBody, UpdateWebhookBody } from './webhook.schemas.js'

/** At most five notification settings per account (spec §16.1). */
export const MAX_WEBHOOKS = 5

export type Webhook = {
  id: number
  uri: string
  events: string[]
  is_active: boolean
  secret: string
  created_at: number
  updated_at: number
  /** Where notices go when it fails; null: the account's email webhooks. */
  notify_email: string | null
  /** Unix s of the first event given up since its last delivery; null: not failing. */
  failing_since: number | null
  /** Events given up since its last delivery. */
  failed_events: number
  /** When and why the gateway switched it off; null while on or switched off by hand. */
  disabled_at: number | null
  disabled_reason: 'failing' | null
}

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'outbox' | 'settings'>

export async function createWebhook(
  deps: Deps,
  accountId: number,
  body: CreateWebhookBody,
): Promise<Webhook> {
  const problems = validate(deps, body)
  if (problems.length > 0) throw validationError(problems)
  const now = unixSeconds(deps.clock)
  const row = await deps.db.transaction().execute(async (trx) => {
    // Written first, counted after (one too many rolls back): on a SQLite file that several
    // processes write, a transaction that reads first fails (SQLITE_BUSY_SNAPSHOT) when another
    // process commits between its read and its write, while one that writes first waits its turn.
    const inserted = await webhooks.insertWebhook(trx, {
      account_id: accountId,
      uri: body.uri,
      events: JSON.stringify(unique(body.events ?? [])),
      secret: body.secret ?? generateWebhookSecret(),
      is_active: body.is_active === false ? 0 : 1,
      notify_email: body.notify_email ?? null,
      created_at: now,
      updated_at: now,
    })
    if ((await webhooks.countWebhooks(trx, accountId)) > MAX_WEBHOOKS) {
      throw validationError([
        {
          propertyPath: '',
          message: `an account has at most ${MAX_WEBHOOKS} webhooks`,
          code: 'TOO_MANY_WEBHOOKS',
        },
      ])
    }
    return inserted
  })
  deps.outbox.invalidate(accountId)
  return webhookFromRow(row)
}

export async function listWebhooks(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
): Promise<Webhook[]> {
  return (await webhooks.listWebhooks(deps.db, accountId)).map(webhookFromRow)
}

export async function getWebhook(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  id: number,
): Promise<Webhook> {
  const row = await webhooks.findWebhook(deps.db, accountId, id)
  if (!row) throw appError('WEBHOOK_NOT_FOUND', { id })
  return webhookFromRow(row)
}

export async function updateWebhook(
  deps: Deps,
  accountId: number,
  id: number,
  body: UpdateWebhookBody,
): Promise<Webhook> {
  const problems = validate(deps, body)
  if (problems.length > 0) throw validationError(problems)
  const row = await webhooks.updateWebhook(deps.db, accountId, id, {
    ...(body.uri === undefined ? {} : { uri: body.uri }),
    ...(body.events === undefined ? {} : { events: JSON.stringify(unique(body.events)) }),
    ...(body.secret === undefined ? {} : { secret: body.secret }),
    ...(body.is_active === undefined ? {} : { is_active: body.is_active ? 1 : 0 }),
    // Switched on again: its failure record starts afresh, so it is not switched off at once.
    ...(body.is_active === true ? WEBHOOK_REENABLED : {}),
    ...(body.notify_email === undefined ? {} : { notify_email: body.notify_email }),
    updated_at: unixSeconds(deps.clock),
  })
  if (!row) throw appError('WEBHOOK_NOT_FOUND', { id })
  deps.outbox.invalidate(accountId)
  return webhookFromRow(row)
}

/** Deliveries still waiting for a deleted webhook are dropped by the worker. */
export async function deleteWebhook(deps: Deps, accountId: number, id: number): Promise<void> {
  if (!(await webhooks.deleteWebhook(deps.db, accountId, id)))
    throw appError('WEBHOOK_NOT_FOUND', { id })
  deps.outbox.invalidate(accountId)
}

const WEBHOOK_REENABLED = {
  failing_since: null,
  failed_count: 0,
  notified_at: null,
  disabled_at: null,
  disabled_reason: null,
} as const

function validate(deps: Pick<ServiceDeps, 'settings'>, body: UpdateWebhookBody): Violation[] {
  const problems: Violation[] = []
  if (body.uri !== undefined) {
    const problem = endpointProblem(body.uri, deps.settings.webhookAllowPrivate)
    if (problem)
      problems.push({ propertyPath: 'uri', message: problem, code: 'WEBHOOK_TARGET_REFUSED' })
  }
  body.events?.forEach((name, i) => {
    if (!isEventName(name)) {
      problems.push({
        propertyPath: `events[${i}]`,
        message: `unknown event "${name}"; known: ${EVENT_NAMES.join(', ')}`,
      })
    }
  })
  if (typeof body.notify_email === 'string' && !EMAIL.test(body.notify_email)) {
    problems.push({ propertyPath: 'notify_email', message: 'not a valid email address' })
  }
  if (body.secret !== undefined && !isValidWebhookSecret(body.secret)) {
    problems.push({
      propertyPath: 'secret',
      message: 'must be whsec_ followed by the base64 of 24 to 64 bytes',
    })
  }
  return problems
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/

/** Why an event endpoint (webhook URI or legacy push URL) is refused, or null. */
export function endpointProblem(uri: string, allowPrivate: boolean): string | null {
  if (isEmailTarget(uri)) return EMAIL.test(uri) ? null : 'not a valid email address'
  return targetProblem(uri, allowPrivate)
}

function unique(names: string[]): string[] {
  return [...new Set(names)]
}

function webhookFromRow(r: WebhookRow): Webhook {
  return {
    id: Number(r.id),
    uri: r.uri,
    events: JSON.parse(r.events) as string[],
    is_active: r.is_active === 1,
    secret: r.secret,
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
    notify_email: r.notify_email,
    failing_since: r.failing_since === null ? null : Math.floor(Number(r.failing_since) / 1000),
    failed_events: Number(r.failed_count),
    disabled_at: r.disabled_at === null ? null : Number(r.disabled_at),
    disabled_reason: r.disabled_reason === 'failing' ? 'failing' : null,
  }
}
