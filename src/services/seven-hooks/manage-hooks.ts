// seven.io's /api/hooks: an account's seven-style webhooks. Delivered by the event worker as
// transport `seven_hook` (events/seven-hook-target.ts), with its retries and SSRF guard.
import { validationError, type Violation } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { SEVEN_EVENT_TYPES, type SevenEventType } from '../../events/seven-hook-target.js'
import { targetProblem } from '../../events/ssrf-guard.js'
import {
  parseHookHeaders,
  SEVEN_REQUEST_METHODS,
  type SevenRequestMethod,
} from '../../events/transports/seven-hook.js'
import * as hooks from '../../store/repositories/seven-hook.repository.js'
import type { SevenHookRow } from '../../store/tables/seven-hook.table.js'
import type { ServiceDeps } from '../deps.js'

/** As the LOX24 webhooks: at most five per account. */
export const MAX_SEVEN_HOOKS = 5

export type SevenHook = {
  id: number
  targetUrl: string
  eventType: SevenEventType
  eventFilter: string | null
  requestMethod: SevenRequestMethod
  headers: string
  enabled: boolean
  createdAt: number
}

export type SubscribeInput = {
  target_url?: unknown
  event_type?: unknown
  request_method?: unknown
  event_filter?: unknown
  headers?: unknown
}

type Deps = Pick<ServiceDeps, 'db' | 'clock' | 'outbox' | 'settings'>

const EVENT_TYPES = Object.keys(SEVEN_EVENT_TYPES) as SevenEventType[]

function check(deps: Deps, input: SubscribeInput): Violation[] {
  const problems: Violation[] = []
  const at = (propertyPath: string, message: string) => problems.push({ propertyPath, message })
  if (typeof input.target_url !== 'string' || input.target_url === '')
    at('target_url', 'is required')
  else if (input.target_url.length > 2048) at('target_url', 'at most 2048 characters')
  else {
    const problem = targetProblem(input.target_url, deps.settings.webhookAllowPrivate)
    if (problem !== null) at('target_url', problem)
  }
  if (!EVENT_TYPES.includes(input.event_type as SevenEventType))
    at('event_type', `one of ${EVENT_TYPES.join(', ')}`)
  const method = input.request_method ?? 'POST'
  if (!SEVEN_REQUEST_METHODS.includes(method as SevenRequestMethod))
    at('request_method', `one of ${SEVEN_REQUEST_METHODS.join(', ')}`)
  const filter = input.event_filter
  if (
    filter !== undefined &&
    filter !== null &&
    (typeof filter !== 'string' || filter.length > 100)
  )
    at('event_filter', 'text of at most 100 characters')
  const headers = input.headers ?? ''
  if (typeof headers !== 'string' || headers.length > 4000)
    at('headers', 'text of at most 4000 characters')
  else {
    const parsed = parseHookHeaders(headers)
    if (typeof parsed === 'string') at('headers', parsed)
  }
  return problems
}

export async function subscribeHook(
  deps: Deps,
  who: { accountId: number; keyId: number },
  input: SubscribeInput,
): Promise<SevenHook> {
  const { accountId } = who
  const problems = check(deps, input)
  if (problems.length > 0) throw validationError(problems)
  const filter = input.event_filter
  const row = await deps.db.transaction().execute(async (trx) => {
    // Written first, counted after, as the LOX24 webhooks (services/webhooks/manage-webhooks.ts).
    const inserted = await hooks.insertSevenHook(trx, {
      account_id: accountId,
      key_id: who.keyId,
      target_url: input.target_url as string,
      event_type: input.event_type as string,
      event_filter: typeof filter === 'string' && filter !== '' ? filter : null,
      request_method: (input.request_method as string | undefined) ?? 'POST',
      headers: (input.headers as string | undefined) ?? '',
      enabled: 1,
      created_at: unixSeconds(deps.clock),
    })
    if ((await hooks.countSevenHooks(trx, accountId)) > MAX_SEVEN_HOOKS) {
      throw validationError([
        { propertyPath: '', message: `an account has at most ${MAX_SEVEN_HOOKS} webhooks` },
      ])
    }
    return inserted
  })
  deps.outbox.invalidate(accountId)
  return hookFromRow(row)
}

export async function listHooks(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
): Promise<SevenHook[]> {
  return (await hooks.listSevenHooks(deps.db, accountId)).map(hookFromRow)
}

/** False when the account has no such hook; its waiting deliveries are dropped. */
export async function unsubscribeHook(deps: Deps, accountId: number, id: number): Promise<boolean> {
  const nowMs = deps.clock.nowMs()
  const removed = await deps.db.transaction().execute(async (trx) => {
    if (!(await hooks.deleteSevenHook(trx, accountId, id))) return false
    await hooks.dropSevenHookDeliveries(trx, accountId, `seven:${id}`, nowMs)
    return true
  })
  if (removed) deps.outbox.invalidate(accountId)
  return removed
}

function hookFromRow(r: SevenHookRow): SevenHook {
  return {
    id: Number(r.id),
    targetUrl: r.target_url,
    eventType: r.event_type as SevenEventType,
    eventFilter: r.event_filter,
    requestMethod: r.request_method as SevenRequestMethod,
    headers: r.headers,
    enabled: r.enabled === 1,
    createdAt: Number(r.created_at),
  }
}
