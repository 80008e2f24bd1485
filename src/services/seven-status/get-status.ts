// seven.io's status lookup: the report of messages by their numeric seven ids, in the account.
import { sevenStatus, sevenTime, type SevenStatus } from '../../domain/seven/seven-status.js'
import { validationError } from '../../errors/app-error.js'
import { findSevenStatuses } from '../../store/repositories/seven-status.repository.js'
import type { ServiceDeps } from '../deps.js'

/** Ids per lookup, as many as seven.io's journal gives per page. */
export const MAX_STATUS_IDS = 100

export type SevenMessageStatus = {
  id: string
  status: SevenStatus
  /** When the status last changed, in seven.io's time format. */
  statusTime: string
}

/** `msg_id` as the clients send it: one id or several, comma-separated; each 1 to 15 digits. */
export function parseMessageIds(raw: unknown): string[] {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : ''
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const problem =
    ids.length === 0
      ? 'is required'
      : ids.length > MAX_STATUS_IDS
        ? `at most ${MAX_STATUS_IDS} ids`
        : ids.some((id) => !/^[1-9]\d{0,14}$/.test(id))
          ? 'message ids are whole numbers, comma-separated'
          : null
  if (problem !== null) throw validationError([{ propertyPath: 'msg_id', message: problem }])
  return [...new Set(ids)]
}

/**
 * The statuses of the account's messages among `ids`, in the order asked; an id the account
 * does not have (unknown, or another account's) is left out, alike.
 */
export async function getSevenStatuses(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  ids: readonly string[],
): Promise<SevenMessageStatus[]> {
  const rows = await findSevenStatuses(deps.db, accountId, ids)
  const byId = new Map(rows.map((r) => [r.facade_id, r]))
  return ids.flatMap((id) => {
    const r = byId.get(id)
    if (r === undefined) return []
    return [
      {
        id,
        status: sevenStatus(Number(r.dlr_code), Number(r.status_code)),
        statusTime: sevenTime(Math.floor(Number(r.updated_at) / 1000)),
      },
    ]
  })
}
