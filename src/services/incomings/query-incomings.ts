import { appError } from '../../errors/app-error.js'
import { INCOMING_FILTERS } from '../../domain/incoming/incoming-filters.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import * as incomings from '../../store/repositories/incoming.repository.js'
import type { ServiceDeps } from '../deps.js'
import { incomingFromRow, type Incoming } from './incoming-model.js'
import { isUuid } from '../../domain/uuid.js'

type Deps = Pick<ServiceDeps, 'db' | 'dialect'>

/** GET /incomings (spec §9.2); `accountId` null lists the messages no account could be found for. */
export async function listIncomings(
  deps: Deps,
  accountId: number | null,
  query: RawQuery,
): Promise<{ items: Incoming[]; total: number; page: number }> {
  const parsed = parseQuery(INCOMING_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  const { rows, total } = await incomings.listIncomings(
    deps.db,
    deps.dialect,
    accountId,
    parsed.value,
  )
  return { items: rows.map(incomingFromRow), total, page: parsed.value.page }
}

export async function getIncoming(
  deps: Pick<Deps, 'db'>,
  accountId: number,
  id: string,
): Promise<Incoming> {
  const row = isUuid(id)
    ? await incomings.findIncoming(deps.db, accountId, id.toLowerCase())
    : undefined
  if (!row) throw appError('INCOMING_NOT_FOUND', { id })
  return incomingFromRow(row)
}

/** For the operator: a message with the account it went to (null: none could be found). */
export async function getIncomingForOperator(
  deps: Pick<Deps, 'db'>,
  uuid: string,
): Promise<Incoming & { account_id: number | null }> {
  const row = await incomings.findIncomingByUuid(deps.db, uuid)
  if (!row) throw appError('INCOMING_NOT_FOUND', { id: uuid })
  return {
    ...incomingFromRow(row),
    account_id: row.account_id === null ? null : Number(row.account_id),
  }
}

export async function deleteIncoming(
  deps: Pick<Deps, 'db'>,
  accountId: number,
  id: string,
): Promise<void> {
  const deleted =
    isUuid(id) && (await incomings.deleteIncoming(deps.db, accountId, id.toLowerCase()))
  if (!deleted) throw appError('INCOMING_NOT_FOUND', { id })
}
