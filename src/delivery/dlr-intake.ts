import { DLR_CODES, rollUp } from '../domain/dlr/dlr-codes.js'
import { nextStatus } from '../domain/message/status.js'
import {
  applyDelivery,
  partStates,
  recordPartReceipt,
  savePendingReceipt,
  takePendingReceipts,
} from '../store/repositories/delivery.repository.js'
import type { Db } from '../store/database.js'
import type { Outbox } from '../events/outbox.js'
import { smsDeliveryEvent } from '../events/sms-events.js'
import type { ServiceDeps } from '../services/deps.js'
import { RECEIPT_STATES, type CarrierReport, type ReceiptState } from './connectors/connector.js'

/**
 * Delivery reports from every connector. Each is matched to its message part through the store
 * (so a receipt may arrive on any node); a receipt for an id not known yet is kept and applied
 * when the submit response that names the id is recorded.
 */
export class DlrIntake {
  #pending = 0
  #waiting: (() => void)[] = []

  constructor(
    private readonly deps: Pick<ServiceDeps, 'groupCommit' | 'clock' | 'log' | 'outbox'>,
    private readonly counted?: (connectorId: string, state: ReceiptState) => void,
  ) {}

  /** Receipts taken and not yet committed. */
  get backlog(): number {
    return this.#pending
  }

  /** Resolves when the receipt is committed; rejects (after logging) when it could not be. */
  async report(connectorId: string, r: CarrierReport): Promise<void> {
    this.counted?.(connectorId, r.state)
    const nowMs = this.deps.clock.nowMs()
    this.#pending++
    try {
      await this.deps.groupCommit.run((trx) => applyReceipt(trx, this.deps.outbox, connectorId, r, nowMs))
    } catch (err) {
      this.deps.log.error({ err, connectorId, carrierId: r.carrierId }, 'receipt not applied')
      throw err
    } finally {
      this.#pending--
      if (this.#pending < this.#lowWater) this.#wake()
    }
  }

  #lowWater = 0

  /**
   * Resolves once fewer than `limit` receipts wait. The dispatcher asks before it claims more:
   * every message sent brings receipts back, and sending faster than they are stored would
   * only pile them up in memory.
   */
  below(limit: number): Promise<void> {
    if (this.#pending < limit) return Promise.resolve()
    this.#lowWater = Math.max(1, Math.floor(limit / 2))
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  #wake(): void {
    const waiting = this.#waiting
    this.#waiting = []
    for (const resolve of waiting) resolve()
  }
}

/** Applies one receipt inside the caller's transaction. */
export async function applyReceipt(
  db: Db,
  outbox: Outbox,
  connectorId: string,
  r: CarrierReport,
  nowMs: number,
): Promise<void> {
  const part = await recordPartReceipt(db, { connectorId, carrierId: r.carrierId, state: r.state, nowMs })
  if (!part) {
    await savePendingReceipt(db, {
      connectorId,
      carrierId: r.carrierId,
      state: r.state,
      error: r.error ?? null,
      nowMs,
    })
    return
  }
  const known = part.parts_total === 1 ? [r.state] : null
  await settle(db, outbox, part.sms_uuid, part.parts_total, known, nowMs)
}

/** After a submit response: receipts that raced ahead of it are applied now. */
export async function applyEarlyReceipts(
  db: Db,
  outbox: Outbox,
  connectorId: string,
  carrierIds: string[],
  nowMs: number,
): Promise<void> {
  for (const p of await takePendingReceipts(db, connectorId, carrierIds)) {
    const report = { carrierId: p.carrier_id, state: asState(p.receipt_state) }
    await applyReceipt(db, outbox, connectorId, report, nowMs)
  }
}

/**
 * Rolls the parts' receipts up into the message; `known` spares reading a single part back. A
 * part not recorded yet (its submit is still to come) counts as pending.
 */
async function settle(
  db: Db,
  outbox: Outbox,
  smsUuid: string,
  partsTotal: number,
  known: ReceiptState[] | null,
  nowMs: number,
): Promise<void> {
  const states: (ReceiptState | null)[] =
    known ?? (await partStates(db, smsUuid)).map((s) => (s === null ? null : asState(s)))
  while (states.length < partsTotal) states.push(null)
  const rolled = rollUp(states)
  if (rolled.state === null) return
  const { dlrCode, outcome } = DLR_CODES[rolled.state]
  const to = nextStatus('sent', { type: 'dlr', outcome: rolled.final ? outcome : 'pending' })
  if (!to) return
  const changed = await applyDelivery(db, { uuid: smsUuid, dlrCode, state: to.state, final: rolled.final, nowMs })
  if (changed) {
    await outbox.record(db, smsDeliveryEvent({ ...changed, uuid: smsUuid, dlrCode }, Math.floor(nowMs / 1000)))
  }
}

function asState(s: string): ReceiptState {
  return (RECEIPT_STATES as readonly string[]).includes(s) ? (s as ReceiptState) : 'UNKNOWN'
}
