import { appError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import type { RawQuery } from '../../domain/query/parse-query.js'
import type { Condition } from '../../domain/query/filter-spec.js'
import type { SmsFilterProperty } from '../../domain/message/sms-filters.js'
import { nextStatus, UNSENT_STATES } from '../../domain/message/status.js'
import { creditFunds } from '../../store/repositories/account.repository.js'
import * as sms from '../../store/repositories/sms.repository.js'
import type { Db } from '../../store/database.js'
import type { ServiceDeps } from '../deps.js'
import { parseSmsQuery } from './query-sms.js'

type Deps = Pick<ServiceDeps, 'db' | 'dialect' | 'clock' | 'log'>

const CANCELLED = nextStatus('queued', { type: 'cancel' })!

/**
 * Stops every matching SMS no dispatcher has claimed yet and refunds what each reserved.
 * Already-sent messages are skipped and not counted (spec §7.5, G-27).
 */
export async function batchCancelSms(
  deps: Deps,
  accountId: number,
  query: RawQuery,
): Promise<number> {
  const conditions = parseSmsQuery(query, false).conditions
  return deps.db.transaction().execute(async (trx) => {
    const now = unixSeconds(deps.clock)
    const cancelled = await sms.cancelUnsentSms(trx, deps.dialect, accountId, conditions, {
      state: CANCELLED.state as 'cancelled',
      statusCode: CANCELLED.status,
      at: now,
    })
    await refund(trx, accountId, cancelled, now)
    deps.log.info({ accountId, count: cancelled.length }, 'sms batch cancelled')
    return cancelled.length
  })
}

/**
 * Cancels the account's messages with these uuids that no dispatcher has claimed yet, refunding
 * each unless the front door's terms keep the price (messaggisms.com: "no refund"); the uuids
 * cancelled (a facade's delete, which names its messages one by one).
 */
export async function cancelSmsByUuids(
  deps: Deps,
  accountId: number,
  uuids: readonly string[],
  opts: { refund: boolean } = { refund: true },
): Promise<string[]> {
  if (uuids.length === 0) return []
  return deps.db.transaction().execute(async (trx) => {
    const now = unixSeconds(deps.clock)
    const cancelled = await sms.cancelUnsentSms(
      trx,
      deps.dialect,
      accountId,
      [{ op: 'in', field: 'uuid', values: [...uuids] }],
      { state: CANCELLED.state as 'cancelled', statusCode: CANCELLED.status, at: now },
    )
    if (opts.refund) await refund(trx, accountId, cancelled, now)
    deps.log.info({ accountId, count: cancelled.length, refunded: opts.refund }, 'sms cancelled')
    return cancelled.map((c) => c.uuid)
  })
}

/**
 * Deletes every matching SMS irrevocably; one not yet sent is thereby cancelled and refunded
 * (spec §7.6, G-28).
 */
export async function batchDeleteSms(
  deps: Deps,
  accountId: number,
  query: RawQuery,
): Promise<number> {
  return deleteWhere(deps, accountId, parseSmsQuery(query, false).conditions)
}

export async function deleteOneSms(deps: Deps, accountId: number, uuid: string): Promise<void> {
  const id = uuid.toLowerCase()
  const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
  const n = valid
    ? await deleteWhere(deps, accountId, [{ op: 'in', field: 'uuid', values: [id] }])
    : 0
  if (n === 0) throw appError('SMS_NOT_FOUND', { id: uuid })
}

async function deleteWhere(
  deps: Deps,
  accountId: number,
  conditions: Condition<SmsFilterProperty>[],
): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const deleted = await sms.deleteSms(trx, deps.dialect, accountId, conditions)
    const unsent = deleted.filter((d) => (UNSENT_STATES as readonly string[]).includes(d.state))
    await refund(trx, accountId, unsent, unixSeconds(deps.clock))
    deps.log.info({ accountId, count: deleted.length, refunded: unsent.length }, 'sms deleted')
    return deleted.length
  })
}

async function refund(db: Db, accountId: number, rows: { price_micro: number }[], at: number) {
  const total = rows.reduce((sum, r) => sum + r.price_micro, 0)
  if (total > 0) await creditFunds(db, accountId, total, at)
}
