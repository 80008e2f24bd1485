// Inbound SMS for accounts with SMPP keys: recorded with the incoming, read by the SMPP server,
// marked when a receiver bind took them. They wait as long as receipts do.
import { unixSeconds } from '../../shared/clock.js'
import type { Db } from '../../store/database.js'
import * as mo from '../../store/repositories/smpp-mo.repository.js'
import type { ServiceDeps } from '../deps.js'
import { OWED_LEASE_MS, RECEIPT_KEEP_S, type OwedRequest } from './smpp-receipts.js'

export type SmppMo = { accountId: number; id: string; from: string; to: string; text: string }

type Deps = Pick<ServiceDeps, 'db' | 'dialect' | 'clock' | 'groupCommit'>

/** In the transaction that stores the incoming: owed to the account's receivers, if it has any. */
export async function recordSmppMo(
  db: Db,
  accountId: number,
  incomingUuid: string,
  atS: number,
): Promise<void> {
  if (!(await mo.hasSmppKey(db, accountId))) return
  await mo.insertSmppMo(db, { incoming_uuid: incomingUuid, account_id: accountId, created_at: atS })
}

export async function claimMo(deps: Deps, r: OwedRequest): Promise<SmppMo[]> {
  const rows = await deps.groupCommit.run((trx) =>
    mo.claimSmppMo(trx, deps.dialect, { ...r, nowMs: deps.clock.nowMs(), leaseMs: OWED_LEASE_MS }),
  )
  return rows.map((r) => ({
    accountId: r.account_id ?? 0,
    id: r.uuid,
    from: r.from_addr,
    to: r.to_addr,
    text: r.text,
  }))
}

export async function releaseMo(deps: Deps, owner: string, ids: readonly string[]) {
  if (ids.length === 0) return
  await deps.groupCommit.run((trx) => mo.releaseSmppMo(trx, ids, owner))
}

export async function markMoSent(deps: Deps, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  const at = unixSeconds(deps.clock)
  await deps.groupCommit.run((trx) => mo.markSmppMoSent(trx, ids, at))
}

export async function purgeMo(deps: Deps): Promise<number> {
  const now = unixSeconds(deps.clock)
  return deps.groupCommit.run((trx) => mo.purgeSmppMo(trx, now - RECEIPT_KEEP_S, now - 86_400))
}
