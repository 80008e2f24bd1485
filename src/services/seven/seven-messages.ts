// The seven.io API's own facts about a message: its numeric id (seven's clients expect numeric
// ids; the gateway's are UUIDs) and the caller's foreign_id, echoed in status callbacks. The
// message itself is an ordinary one: sms.facade_id holds the numeric id as text.
import { unixSeconds } from '../../shared/clock.js'
import * as seven from '../../store/repositories/seven.repository.js'
import type { ServiceDeps } from '../deps.js'
import { cancelSmsByUuids } from '../sms/cancel-delete-sms.js'

type Deps = Pick<ServiceDeps, 'db' | 'dialect' | 'clock' | 'log'>

/** A new message id, taken before the message is sent so that it is stored with it. */
export async function newSevenMessageId(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  input: { accountId: number; foreignId: string | null; performanceTracking: boolean },
): Promise<string> {
  const id = await seven.insertSevenMessage(deps.db, {
    account_id: input.accountId,
    foreign_id: input.foreignId,
    performance_tracking: input.performanceTracking ? 1 : 0,
    created_at: unixSeconds(deps.clock),
  })
  return String(id)
}

/** The id of a message that was not accepted after all: nothing refers to it. */
export async function dropSevenMessageId(deps: Pick<ServiceDeps, 'db'>, id: string): Promise<void> {
  await seven.deleteSevenMessage(deps.db, Number(id))
}

export type SevenMessageFacts = { foreignId: string | null; performanceTracking: boolean }

/** foreign_id and performance_tracking of the account's messages with these ids. */
export async function sevenMessageFacts(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  ids: readonly string[],
): Promise<Map<string, SevenMessageFacts>> {
  const numeric = ids.filter((id) => /^\d{1,15}$/.test(id)).map(Number)
  const rows = await seven.findSevenMessages(deps.db, accountId, numeric)
  return new Map(
    rows.map((r) => [
      String(r.id),
      { foreignId: r.foreign_id, performanceTracking: r.performance_tracking === 1 },
    ]),
  )
}

/** The account's message uuids by seven id; ids of no message of the account are left out. */
export async function smsUuidsOfSevenIds(
  deps: Pick<ServiceDeps, 'db'>,
  accountId: number,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const rows = await seven.findSmsByFacadeIds(deps.db, accountId, ids)
  return new Map(rows.map((r) => [r.facade_id, r.uuid]))
}

/**
 * Cancels the account's messages with these ids that no dispatcher has taken yet (refunded);
 * the ids that were cancelled.
 */
export async function cancelSevenMessages(
  deps: Deps,
  accountId: number,
  ids: readonly string[],
): Promise<string[]> {
  const byId = await smsUuidsOfSevenIds(deps, accountId, ids)
  if (byId.size === 0) return []
  const cancelled = new Set(await cancelSmsByUuids(deps, accountId, [...byId.values()]))
  return ids.filter((id) => cancelled.has(byId.get(id) ?? ''))
}
