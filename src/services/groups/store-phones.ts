import { appError, type Violation } from '../../errors/app-error.js'
import type { Db } from '../../store/database.js'
import * as groups from '../../store/repositories/group.repository.js'
import {
  insertPhones,
  PHONE_INSERT_CHUNK,
  type PhoneValues,
} from '../../store/repositories/phone.repository.js'
import type { PhoneRow } from '../../store/tables/group.table.js'
import { checkPhone } from './phone-input.js'

/** A refused item of a batch or import: its 0-based position and what is wrong with it. */
export type ItemError = Violation & { index: number }

/** At most this many item errors are reported; `rejected` still counts them all. */
export const MAX_REPORTED_ERRORS = 100

/** Checks each item on its own; `prefix` names the array (`phones`, or '' for a bare array). */
export function checkPhones(
  items: readonly unknown[],
  country: string | null,
  prefix: string,
): { valid: PhoneValues[]; errors: ItemError[]; rejected: number } {
  const valid: PhoneValues[] = []
  const errors: ItemError[] = []
  let rejected = 0
  items.forEach((item, index) => {
    const r = checkPhone(item, country, `${prefix}[${index}]`)
    if (r.ok) valid.push(r.value)
    else {
      rejected++
      for (const v of r.violations) errors.push({ index, ...v })
    }
  })
  return { valid, errors, rejected }
}

/**
 * Adds phones to a live group: count_items moves once, then multi-row INSERTs of
 * PHONE_INSERT_CHUNK rows. Run it inside a transaction, so the count and the rows agree.
 */
export async function storePhones(
  trx: Db,
  target: { accountId: number; groupId: number; nowS: number },
  values: readonly PhoneValues[],
): Promise<PhoneRow[]> {
  const { accountId, groupId, nowS } = target
  if (!(await groups.addToCount(trx, accountId, groupId, nowS, values.length))) {
    throw appError('GROUP_NOT_FOUND', { id: groupId })
  }
  const rows: PhoneRow[] = []
  for (let i = 0; i < values.length; i += PHONE_INSERT_CHUNK) {
    const chunk = values
      .slice(i, i + PHONE_INSERT_CHUNK)
      .map((v) => ({ ...v, account_id: accountId, group_id: groupId, created_at: nowS }))
    rows.push(...(await insertPhones(trx, chunk)))
  }
  return rows
}
