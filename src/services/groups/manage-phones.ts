import { unixSeconds } from '../../shared/clock.js'
import { appError, validationError } from '../../errors/app-error.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import * as groups from '../../store/repositories/group.repository.js'
import * as phones from '../../store/repositories/phone.repository.js'
import type { ServiceDeps } from '../deps.js'
import { PHONE_FILTERS } from './group-filters.js'
import { phoneFromRow, type Phone } from './group-model.js'
import { liveGroup } from './manage-groups.js'
import { checkPhone } from './phone-input.js'
import { checkPhones, MAX_REPORTED_ERRORS, storePhones, type ItemError } from './store-phones.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'>
type Account = { id: number; country: string | null }

/** POST /groups/{id}/phones: one phone, refused as a whole when any field is wrong. */
export async function addPhone(
  deps: Deps,
  account: Account,
  groupId: number,
  body: unknown,
): Promise<Phone> {
  await liveGroup(deps, account.id, groupId)
  const r = checkPhone(body, account.country)
  if (!r.ok) throw validationError(r.violations)
  const nowS = unixSeconds(deps.clock)
  const [row] = await deps.db
    .transaction()
    .execute((trx) => storePhones(trx, { accountId: account.id, groupId, nowS }, [r.value]))
  return phoneFromRow(row!)
}

export type BatchResult = {
  stored: Phone[]
  /** Items refused; their errors follow, at most MAX_REPORTED_ERRORS of them. */
  rejected: number
  errors: ItemError[]
}

/**
 * POST /groups/{id}/phones/batch: every valid item is stored, in one transaction, and every
 * refused one is reported by index (`[3].phone`). When none is valid nothing is created and the
 * answer is a 422 naming the items.
 */
export async function addPhones(
  deps: Deps,
  account: Account,
  groupId: number,
  items: readonly unknown[],
): Promise<BatchResult> {
  await liveGroup(deps, account.id, groupId)
  const checked = checkPhones(items, account.country, '')
  if (checked.valid.length === 0)
    throw validationError(checked.errors.slice(0, MAX_REPORTED_ERRORS).map(violation))
  const nowS = unixSeconds(deps.clock)
  const rows = await deps.db
    .transaction()
    .execute((trx) => storePhones(trx, { accountId: account.id, groupId, nowS }, checked.valid))
  return {
    stored: rows.map(phoneFromRow),
    rejected: checked.rejected,
    errors: checked.errors.slice(0, MAX_REPORTED_ERRORS),
  }
}

export async function listPhones(
  deps: Pick<ServiceDeps, 'db' | 'dialect' | 'clock'>,
  accountId: number,
  groupId: number,
  query: RawQuery,
): Promise<{ items: Phone[]; total: number; page: number }> {
  const parsed = parseQuery(PHONE_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  await liveGroup(deps, accountId, groupId)
  const { rows, total } = await phones.listPhones(deps.db, deps.dialect, groupId, parsed.value)
  return { items: rows.map(phoneFromRow), total, page: parsed.value.page }
}

export async function getPhone(deps: Deps, accountId: number, id: number): Promise<Phone> {
  const row = await phones.findPhone(deps.db, accountId, id, unixSeconds(deps.clock))
  if (!row) throw appError('PHONE_NOT_FOUND', { id })
  return phoneFromRow(row)
}

/** PUT /phones/{id}: replaces the number and every column; read-only fields are kept. */
export async function replacePhone(
  deps: Deps,
  account: Account,
  id: number,
  body: unknown,
): Promise<Phone> {
  if (!(await phones.findPhone(deps.db, account.id, id, unixSeconds(deps.clock)))) {
    throw appError('PHONE_NOT_FOUND', { id })
  }
  const r = checkPhone(body, account.country)
  if (!r.ok) throw validationError(r.violations)
  const row = await phones.updatePhone(deps.db, account.id, id, r.value)
  if (!row) throw appError('PHONE_NOT_FOUND', { id })
  return phoneFromRow(row)
}

export async function deletePhone(deps: Deps, accountId: number, id: number): Promise<void> {
  const nowS = unixSeconds(deps.clock)
  await deps.db.transaction().execute(async (trx) => {
    if (!(await phones.findPhone(trx, accountId, id, nowS)))
      throw appError('PHONE_NOT_FOUND', { id })
    const deleted = await phones.deletePhone(trx, accountId, id)
    if (!deleted) throw appError('PHONE_NOT_FOUND', { id })
    await groups.addToCount(trx, accountId, deleted.groupId, nowS, -1)
  })
}

function violation({ index: _index, ...v }: ItemError) {
  return v
}
