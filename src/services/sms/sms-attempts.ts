import { Type, type Static } from '@sinclair/typebox'
import { appError } from '../../errors/app-error.js'
import { SMS_ATTEMPT_FILTERS } from '../../domain/events/attempt-filters.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import {
  listSmsAttempts,
  type SmsAttemptRow,
} from '../../store/repositories/sms-attempt.repository.js'
import type { ServiceDeps } from '../deps.js'
import { getSms } from './query-sms.js'

const NullableInt = (description: string) =>
  Type.Union([Type.Integer(), Type.Null()], { description })

/** One attempt to tell the account of an event about its SMS; the API shape and the type. */
export const SmsAttemptSchema = Type.Object({
  id: Type.Integer(),
  attempted_at: Type.Integer({ description: 'Unix time the attempt started' }),
  webhook_id: NullableInt("The webhook; null for the account's push URL or a Kannel dlr-url"),
  url: Type.String({
    description: 'Where the event went: the URL (or email address) at the time of the attempt',
  }),
  transport: Type.String({
    description: 'http, email, legacy_get, legacy_email, kannel_dlr or seven_hook',
    examples: ['http'],
  }),
  event_id: Type.String(),
  event_name: Type.String({ examples: ['sms.delivery'] }),
  attempt_number: Type.Integer({ description: '1 for the first attempt of the event' }),
  attempt_total: Type.Integer({ description: 'Attempts the event gets at most' }),
  ok: Type.Boolean({ description: 'Delivered: a 2xx answer, or the mail relay took it' }),
  http_status: NullableInt('The status the receiver answered; null when it did not answer'),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Timeout, connection error, …' }),
  latency_ms: Type.Integer({ description: 'How long the attempt took' }),
  next_retry_at: NullableInt(
    'Unix time the event is tried again after this failed attempt; null when it is not',
  ),
})
export type SmsAttempt = Static<typeof SmsAttemptSchema>

/** The notification attempts of events about one SMS of the account, oldest first. */
export async function smsAttempts(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  uuid: string,
  query: RawQuery,
): Promise<{ uuid: string; items: SmsAttempt[]; total: number; page: number }> {
  const sms = await getSms(deps, accountId, uuid)
  const parsed = parseQuery(SMS_ATTEMPT_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await listSmsAttempts(
    deps.db,
    deps.dialect,
    accountId,
    sms.uuid,
    parsed.value,
  )
  return { uuid: sms.uuid, items: rows.map(attemptFromRow), total, page: parsed.value.page }
}

function attemptFromRow(r: SmsAttemptRow): SmsAttempt {
  // Only the latest attempt of a delivery still pending has a retry ahead of it.
  const retries = r.state === 'pending' && Number(r.attempts) === Number(r.attempt_number)
  return {
    id: Number(r.id),
    attempted_at: Number(r.attempted_at),
    webhook_id: r.webhook_id === null ? null : Number(r.webhook_id),
    url: r.target,
    transport: r.transport,
    event_id: r.event_id,
    event_name: r.event_name,
    attempt_number: Number(r.attempt_number),
    attempt_total: Number(r.attempt_total),
    ok: Number(r.ok) === 1,
    http_status: r.http_status === null ? null : Number(r.http_status),
    error: r.error,
    latency_ms: Number(r.latency_ms),
    next_retry_at: retries ? Math.ceil(Number(r.due_at) / 1000) : null,
  }
}
