import { appError } from '../../errors/app-error.js'
import { unixSeconds } from '../../shared/clock.js'
import { BULK_FILTERS } from '../../domain/message/bulk-filters.js'
import {
  BULK_STATUS,
  nextStatus,
  OPEN_BULK_STATUSES,
  UNSENT_STATES,
} from '../../domain/message/status.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import { creditFunds } from '../../store/repositories/account.repository.js'
import * as bulks from '../../store/repositories/bulk.repository.js'
import * as sms from '../../store/repositories/sms.repository.js'
import {
  cancelUnsentBulkChunk,
  hasUnsentBulkSms,
  lowerBulkCost,
  markBulkCancelled,
} from '../../store/repositories/bulk-cancel.repository.js'
import type { ServiceDeps } from '../deps.js'
import { bulkRecordFromRow, type BulkRecord } from './bulk-record.js'
import { isUuid } from '../../domain/uuid.js'

type Deps = Pick<ServiceDeps, 'db' | 'dialect' | 'clock' | 'log'>

const CANCELLED = nextStatus('queued', { type: 'cancel' })!

export async function getBulk(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  id: string,
): Promise<BulkRecord> {
  const row = isUuid(id) ? await bulks.findBulk(deps.db, accountId, id.toLowerCase()) : undefined
  if (!row) throw appError('BULK_NOT_FOUND', { id })
  return bulkRecordFromRow(row)
}

export async function listBulks(
  deps: Pick<ServiceDeps, 'db' | 'dialect'>,
  accountId: number,
  query: RawQuery,
): Promise<{ items: BulkRecord[]; total: number; page: number }> {
  const parsed = parseQuery(BULK_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await bulks.listBulks(deps.db, deps.dialect, accountId, parsed.value)
  return { items: rows.map(bulkRecordFromRow), total, page: parsed.value.page }
}

/** Unsent SMS cancelled per transaction: a large bulk never holds the store for long. */
export const CANCEL_CHUNK = 1_000

/**
 * Stops a bulk (spec §8.6) while it is new, being expanded, or has any SMS not yet sent (a
 * scheduled bulk, once made, has status 100 until its SMS go out). Its unsent SMS are cancelled
 * and refunded with what was reserved for recipients not yet made; SMS a dispatcher has claimed
 * or sent stay, and stay charged.
 *
 * The first transaction closes the bulk, so the expander makes no more SMS, and cancels the
 * first chunk; each further chunk is a transaction of its own. Should the process stop between
 * chunks, the bulk shows 410 with SMS still unsent, and cancelling it again finishes the work.
 */
export async function cancelBulk(deps: Deps, accountId: number, id: string): Promise<BulkRecord> {
  const current = await getBulk(deps, accountId, id)
  const open = (OPEN_BULK_STATUSES as readonly number[]).includes(current.status_code)
  if (current.is_dryrun || (!open && !(await hasUnsentBulkSms(deps.db, current.uuid)))) {
    throw appError('BULK_NOT_CANCELLABLE', { id, status: current.status_code })
  }
  let after = ''
  let cancelled = 0
  let first = true
  for (;;) {
    const next = await deps.db.transaction().execute(async (trx) => {
      const at = unixSeconds(deps.clock)
      let refund = 0
      if (first) {
        const closed = await markBulkCancelled(trx, {
          uuid: current.uuid,
          statusCode: BULK_STATUS.CANCELLED,
          at,
        })
        refund += closed?.reservedMicro ?? 0
      }
      const chunk = await cancelUnsentBulkChunk(trx, {
        uuid: current.uuid,
        afterPhone: after,
        limit: CANCEL_CHUNK,
        state: CANCELLED.state as 'cancelled',
        statusCode: CANCELLED.status,
        at,
      })
      const smsRefund = chunk.prices.reduce((s, p) => s + p, 0)
      await lowerBulkCost(trx, current.uuid, smsRefund)
      refund += smsRefund
      if (refund > 0) await creditFunds(trx, accountId, refund, at)
      cancelled += chunk.prices.length
      return chunk.next
    })
    first = false
    if (next === null) break
    after = next
    // SQLite answers synchronously: let other requests in between chunks.
    await new Promise((resolve) => setImmediate(resolve))
  }
  deps.log.info({ bulkId: current.uuid, cancelled }, 'bulk cancelled')
  return getBulk(deps, accountId, id)
}

/**
 * Deletes a bulk and its SMS (G-31): one still running is stopped first; SMS not yet sent and
 * the unused reservation are refunded.
 */
export async function deleteBulk(deps: Deps, accountId: number, id: string): Promise<void> {
  const current = await getBulk(deps, accountId, id)
  const at = unixSeconds(deps.clock)
  await deps.db.transaction().execute(async (trx) => {
    const closed = await bulks.closeBulk(trx, {
      uuid: current.uuid,
      statusCode: BULK_STATUS.CANCELLED,
      at,
    })
    const deleted = await sms.deleteSms(trx, deps.dialect, accountId, [
      { op: 'in', field: 'bulk', values: [current.uuid] },
    ])
    const unsent = deleted.filter((d) => (UNSENT_STATES as readonly string[]).includes(d.state))
    const refund = (closed?.reservedMicro ?? 0) + unsent.reduce((s, r) => s + r.price_micro, 0)
    if (refund > 0) await creditFunds(trx, accountId, refund, at)
    await bulks.deleteBulkRow(trx, accountId, current.uuid)
    deps.log.info(
      { bulkId: current.uuid, sms: deleted.length, refunded: unsent.length },
      'bulk deleted',
    )
  })
}
