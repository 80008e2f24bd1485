import { unixSeconds } from '../../shared/clock.js'
import { appError, validationError, type Violation } from '../../errors/app-error.js'
import { parseQuery, type RawQuery } from '../../domain/query/parse-query.js'
import * as groups from '../../store/repositories/group.repository.js'
import * as phones from '../../store/repositories/phone.repository.js'
import type { GroupRow } from '../../store/tables/group.table.js'
import type { ServiceDeps } from '../deps.js'
import { GROUP_FILTERS } from './group-filters.js'
import { groupFromRow, type Group } from './group-model.js'
import type { CreateGroupBody, GroupBody, GroupPatchBody } from './groups.schemas.js'
import { checkPhones, storePhones } from './store-phones.js'

type Deps = Pick<ServiceDeps, 'db' | 'clock'>
type Account = { id: number; country: string | null }

export async function createGroup(
  deps: Deps,
  account: Account,
  body: CreateGroupBody,
): Promise<Group> {
  const nowS = unixSeconds(deps.clock)
  const problems: Violation[] = []
  const deletedAt = deletedAtValue(body.deleted_at, nowS, problems)
  const checked = checkPhones(body.phones ?? [], account.country, 'phones')
  problems.push(...checked.errors)
  if (problems.length > 0) throw validationError(problems)
  await purgeExpiredGroups(deps, account.id)
  const row = await deps.db.transaction().execute(async (trx) => {
    const g = await groups.insertGroup(trx, {
      account_id: account.id,
      ...groupValues(body),
      deleted_at: deletedAt ?? null,
      created_at: nowS,
      updated_at: nowS,
    })
    if (checked.valid.length === 0) return g
    await storePhones(trx, { accountId: account.id, groupId: Number(g.id), nowS }, checked.valid)
    return { ...g, count_items: checked.valid.length }
  })
  return groupFromRow(row)
}

export async function listGroups(
  deps: Pick<ServiceDeps, 'db' | 'dialect' | 'clock'>,
  accountId: number,
  query: RawQuery,
): Promise<{ items: Group[]; total: number; page: number }> {
  const parsed = parseQuery(GROUP_FILTERS, query, { paging: true })
  if (!parsed.ok) throw appError('INVALID_QUERY_PARAMETER', parsed.error)
  await purgeExpiredGroups(deps, accountId)
  const nowS = unixSeconds(deps.clock)
  const { rows, total } = await groups.listGroups(
    deps.db,
    deps.dialect,
    accountId,
    nowS,
    parsed.value,
  )
  return { items: rows.map(groupFromRow), total, page: parsed.value.page }
}

export async function getGroup(deps: Deps, accountId: number, id: number): Promise<Group> {
  return groupFromRow(await liveGroup(deps, accountId, id))
}

/** The group row, or GROUP_NOT_FOUND (unknown, another account's, or past its deleted_at). */
export async function liveGroup(deps: Deps, accountId: number, id: number): Promise<GroupRow> {
  const row = await groups.findGroup(deps.db, accountId, id, unixSeconds(deps.clock))
  if (!row) throw appError('GROUP_NOT_FOUND', { id })
  return row
}

/** PUT: every writable field is replaced; those left out become null. */
export async function replaceGroup(
  deps: Deps,
  accountId: number,
  id: number,
  body: GroupBody,
): Promise<Group> {
  const nowS = unixSeconds(deps.clock)
  const problems: Violation[] = []
  const deletedAt = deletedAtValue(body.deleted_at, nowS, problems)
  if (problems.length > 0) throw validationError(problems)
  const row = await groups.updateGroup(deps.db, accountId, id, nowS, {
    ...groupValues(body),
    deleted_at: deletedAt ?? null,
    updated_at: nowS,
  })
  if (!row) throw appError('GROUP_NOT_FOUND', { id })
  return groupFromRow(row)
}

/** PATCH (JSON merge patch): only the fields sent change; null clears a nullable one. */
export async function patchGroup(
  deps: Deps,
  accountId: number,
  id: number,
  body: GroupPatchBody,
): Promise<Group> {
  const nowS = unixSeconds(deps.clock)
  const problems: Violation[] = []
  const deletedAt = deletedAtValue(body.deleted_at, nowS, problems)
  if (problems.length > 0) throw validationError(problems)
  const values: Partial<groups.GroupValues> = {}
  for (const key of [
    'name',
    'description',
    'name_a',
    'name_b',
    'name_c',
    'name_d',
    'name_e',
  ] as const) {
    const v = body[key]
    if (v !== undefined) (values as Record<string, string | null>)[key] = v
  }
  if (deletedAt !== undefined) values.deleted_at = deletedAt
  const row = await groups.updateGroup(deps.db, accountId, id, nowS, {
    ...values,
    updated_at: nowS,
  })
  if (!row) throw appError('GROUP_NOT_FOUND', { id })
  return groupFromRow(row)
}

/** Deletes the group and all its phones (spec §10.6). */
export async function deleteGroup(deps: Deps, accountId: number, id: number): Promise<void> {
  const nowS = unixSeconds(deps.clock)
  await deps.db.transaction().execute(async (trx) => {
    if (!(await groups.deleteGroup(trx, accountId, id, nowS)))
      throw appError('GROUP_NOT_FOUND', { id })
    await phones.deletePhonesOfGroups(trx, [id])
  })
}

/**
 * Removes the account's groups whose deleted_at has passed, with their phones. Reads already
 * treat them as gone; this frees the rows. It runs when the account lists or creates groups,
 * which keeps it off every other request and needs no background job.
 */
export async function purgeExpiredGroups(deps: Deps, accountId: number): Promise<number> {
  const nowS = unixSeconds(deps.clock)
  const ids = await groups.expiredGroupIds(deps.db, accountId, nowS)
  if (ids.length === 0) return 0
  await deps.db.transaction().execute(async (trx) => {
    await phones.deletePhonesOfGroups(trx, ids)
    await groups.deleteGroupsById(trx, ids)
  })
  return ids.length
}

function groupValues(body: GroupBody) {
  return {
    name: body.name,
    description: body.description ?? null,
    name_a: body.name_a ?? null,
    name_b: body.name_b ?? null,
    name_c: body.name_c ?? null,
    name_d: body.name_d ?? null,
    name_e: body.name_e ?? null,
  }
}

// RFC 3339, as JSON schema's date-time: a time zone is required, a fraction of a second allowed.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/

/** Unix seconds of a deleted_at value; undefined when not sent; problems collects refusals. */
function deletedAtValue(
  v: string | null | undefined,
  nowS: number,
  problems: Violation[],
): number | null | undefined {
  if (v === undefined || v === null) return v
  const ms = DATE_TIME.test(v) ? Date.parse(v.replace(' ', 'T')) : NaN
  if (Number.isNaN(ms)) {
    problems.push({
      propertyPath: 'deleted_at',
      message: 'must be an ISO 8601 date-time with a time zone, e.g. 2019-08-24T14:15:22Z',
    })
    return undefined
  }
  const s = Math.floor(ms / 1000)
  if (s <= nowS) {
    problems.push({ propertyPath: 'deleted_at', message: 'must be in the future (or null: never)' })
    return undefined
  }
  return s
}
