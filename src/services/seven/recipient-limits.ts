// seven's two guards per recipient: the reload lock (the same text to the same number within
// 180 s is refused, code 402, unless the caller turns it off with no_reload) and the operator's
// daily limit per number (code 403, TAUBE_SEVEN_DAILY_LIMIT, off by default). Both count the
// account's messages to the number through any API: they protect the recipient.
import { unixSeconds } from '../../shared/clock.js'
import { KeyedTurns } from '../../shared/keyed-turns.js'
import { countSmsTo } from '../../store/repositories/seven.repository.js'
import type { ServiceDeps } from '../deps.js'

export const RELOAD_LOCK_S = 180
const DAY_S = 24 * 3600

export type LimitRefusal = 'reload-lock' | 'daily-limit'

const turnsOfStore = new WeakMap<ServiceDeps['db'], KeyedTurns>()

/**
 * One check-and-send at a time per account and number, per store and process. Processes of a
 * cluster do not wait for each other: two requests at the same instant on two nodes can both
 * pass (the lock guards against a reloaded page or a retried script).
 */
export function recipientTurns(deps: Pick<ServiceDeps, 'db'>): KeyedTurns {
  let turns = turnsOfStore.get(deps.db)
  if (turns === undefined) turnsOfStore.set(deps.db, (turns = new KeyedTurns()))
  return turns
}

/** Whether a message to `phone` with `text` is refused; run it in the number's turn. */
export async function recipientRefusal(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  q: { accountId: number; phone: string; text: string; reloadLock: boolean; dailyLimit: number },
): Promise<LimitRefusal | null> {
  const nowS = unixSeconds(deps.clock)
  const base = { accountId: q.accountId, phone: q.phone }
  if (q.reloadLock) {
    const same = await countSmsTo(deps.db, { ...base, sinceS: nowS - RELOAD_LOCK_S, text: q.text })
    if (same > 0) return 'reload-lock'
  }
  if (q.dailyLimit > 0) {
    const sent = await countSmsTo(deps.db, { ...base, sinceS: nowS - DAY_S })
    if (sent >= q.dailyLimit) return 'daily-limit'
  }
  return null
}
