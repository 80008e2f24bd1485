import { handsetKey, matchInDoubt } from '../domain/dlr/in-doubt.js'
import { SMS_STATUS } from '../domain/message/status.js'
import type { Db } from '../store/database.js'
import { anyInDoubt, inDoubtOf, settleInDoubt } from '../store/repositories/in-doubt.repository.js'
import type { CarrierReport } from './connectors/connector.js'

const NOTHING_IN_DOUBT_MS = 1_000

/**
 * Remembers "nothing is in doubt" for a second: most receipts no part owns are early ones, one
 * per message under load, and on PostgreSQL each question is a round trip. A receipt that
 * misses a message put in doubt meanwhile is kept, and matched by the dispatchers' pass over
 * kept receipts after each release of leases (applyKeptReceiptsInDoubt).
 */
export class InDoubtHint {
  #nothingUntilMs = 0

  async anything(db: Db, nowMs: number): Promise<boolean> {
    if (this.#nothingUntilMs > nowMs) return false
    const any = await anyInDoubt(db, nowMs)
    if (!any) this.#nothingUntilMs = nowMs + NOTHING_IN_DOUBT_MS
    return any
  }

  /** This process just put messages in doubt: ask again from now on. */
  forget(): void {
    this.#nothingUntilMs = 0
  }
}

/**
 * A receipt no submitted part owns may be for a message a dead worker handed to the carrier
 * and never recorded. If it matches one still in doubt, that message is sent (and not sent
 * again); the caller then applies the receipt as usual. False when it matches none.
 */
export async function settleInDoubtByReceipt(
  db: Db,
  connectorId: string,
  r: CarrierReport,
  nowMs: number,
  hint: InDoubtHint | null = null,
): Promise<boolean> {
  if (!r.handset) return false
  if (!(await (hint ? hint.anything(db, nowMs) : anyInDoubt(db, nowMs)))) return false
  const phone = handsetKey(r.handset)
  // Most receipts are of a message's first part, and repeat its start exactly ('?' is a
  // character the SMSC could not print, so it cannot be compared in SQL).
  const textStart = r.text?.trimEnd()
  const first =
    textStart && !textStart.includes('?') ? await inDoubtOf(db, { phone, nowMs, textStart }) : []
  const rows = first.length > 0 ? first : await inDoubtOf(db, { phone, nowMs })
  if (rows.length === 0) return false
  const candidates = rows.map((x) => ({
    uuid: x.uuid,
    text: x.text,
    isUnicode: x.is_unicode === 1,
    partsCount: x.parts_count,
  }))
  const match = matchInDoubt(candidates, r.text)
  if (!match) return false
  return settleInDoubt(db, {
    ...match,
    connectorId,
    carrierId: r.carrierId,
    statusCode: SMS_STATUS.SENT,
    nowMs,
  })
}
