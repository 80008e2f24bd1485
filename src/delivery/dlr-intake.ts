import { afterReceipts } from '../domain/message/outcome.js'
import {
  applyDelivery,
  partStates,
  recordPartReceipt,
  savePendingReceipt,
  takePendingReceipts,
  type DeliveryChange,
  type DeliveryUpdate,
  type TakenReceipt,
} from '../store/repositories/delivery.repository.js'
import type { Db } from '../store/database.js'
import { recordSmsReceipts } from '../store/repositories/sms-receipt.repository.js'
import type { NewSmsReceipt } from '../store/tables/sms-receipt.table.js'
import { GroupCommit } from '../store/group-commit.js'
import { JoinedUnit } from '../store/joined-unit.js'
import {
  applyOnePartReceipts,
  type OnePartReceipt,
} from '../store/repositories/receipt-batch.repository.js'
import type { Outbox } from '../events/outbox.js'
import { deliveryFacts, smsDeliveryEvent } from '../events/sms-events.js'
import type { ServiceDeps } from '../services/deps.js'
import { handsetKey } from '../domain/dlr/in-doubt.js'
import { keptReceiptsForInDoubt } from '../store/repositories/in-doubt.repository.js'
import { InDoubtHint, settleInDoubtByReceipt } from './in-doubt.js'
import { RECEIPT_STATES, type CarrierReport, type ReceiptState } from './connectors/connector.js'

/**
 * Delivery reports from every connector. Each is matched to its message part through the store
 * (so a receipt may arrive on any node); a receipt for an id not known yet is kept and applied
 * when the submit response that names the id is recorded.
 */
export class DlrIntake {
  #pending = 0
  #waiting: (() => void)[] = []
  /** Waiters of below() are woken once the backlog falls under half their limit. */
  #lowWater = 0
  /**
   * PostgreSQL: receipts commit in a group of their own, beside the one of submit results and
   * API writes. A group runs its statements one after the other on one connection, each waiting
   * a round trip (0.2 to 0.5 ms on loopback under load). Behind the receipts, submit results
   * waited to be stored: a gateway killed mid-run then sent 150 to 200 messages again instead of
   * the SMPP window's 50 (e2e crash test), and the 100,000-message bulk took 127 s instead of
   * 120 s. SQLite has a single connection: a second group would only split its batches.
   */
  readonly #receipts: GroupCommit
  /** The receipts of a group commit, applied together (applyReceipts). */
  readonly #batch: JoinedUnit<ReceiptItem, ReceiptOutcome>
  readonly #inDoubt = new InDoubtHint()
  /** Submit results of this process being stored, by connector and carrier id. */
  readonly #recording = new Map<string, Promise<void>>()

  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'db' | 'dialect' | 'groupCommit' | 'clock' | 'log' | 'outbox'
    >,
    private readonly counted?: (connectorId: string, state: ReceiptState) => void,
  ) {
    this.#receipts = deps.dialect === 'postgres' ? new GroupCommit(deps.db) : deps.groupCommit
    this.#batch = new JoinedUnit(this.#receipts, (trx, items) =>
      applyReceipts(trx, deps.outbox, items, this.#inDoubt),
    )
  }

  /** The dispatcher of this process put messages in doubt. */
  inDoubtChanged(): void {
    this.#inDoubt.forget()
  }

  /**
   * The dispatcher of this process is storing a submit result that names these carrier ids. A
   * receipt for one of them waits for that commit and then finds its part, instead of being kept
   * as unknown and taken up again by the result: two statements fewer for each receipt that
   * races its submit result (more than half of them when the carrier reports at once).
   */
  recording(connectorId: string, carrierIds: readonly string[], stored: Promise<void>): void {
    const keys = carrierIds.map((id) => recordingKey(connectorId, id))
    for (const key of keys) this.#recording.set(key, stored)
    const done = () => {
      for (const key of keys) if (this.#recording.get(key) === stored) this.#recording.delete(key)
    }
    stored.then(done, done)
  }

  /**
   * Waits for the submit result naming this id if this process is storing it. A carrier that
   * answers at once sends the receipt right behind the submit response, so both are read in one
   * go, before the response has made its way to the dispatcher: the lookup is made again once
   * that turn of the event loop is over.
   */
  async #recorded(connectorId: string, carrierId: string): Promise<void> {
    const key = recordingKey(connectorId, carrierId)
    let stored = this.#recording.get(key)
    if (!stored) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      stored = this.#recording.get(key)
    }
    // A failed record is the dispatcher's to report; the receipt is then kept as unknown.
    await stored?.catch(() => undefined)
  }

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
      await this.#recorded(connectorId, r.carrierId)
      const own = this.#receipts !== this.deps.groupCommit
      const applied = await this.#batch.add({ connectorId, report: r, nowMs, keepUnmatched: !own })
      if (applied === 'unmatched') {
        // No part with this id is committed. Its submit result may be committing in the other
        // group at this moment, unseen from here; kept in that group, the receipt is either
        // applied to the result or taken by it (takePendingReceipts), never left behind.
        await this.deps.groupCommit.run((trx) =>
          applyReceipt(trx, this.deps.outbox, connectorId, r, nowMs, {
            keepUnmatched: true,
            inDoubt: this.#inDoubt,
          }),
        )
      }
    } catch (err) {
      this.deps.log.error({ err, connectorId, carrierId: r.carrierId }, 'receipt not applied')
      throw err
    } finally {
      this.#pending--
      if (this.#pending < this.#lowWater) this.#wake()
    }
  }

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

function recordingKey(connectorId: string, carrierId: string): string {
  return `${connectorId}\n${carrierId}`
}

type ReceiptOutcome = 'applied' | 'kept' | 'unmatched'
type ReceiptItem = {
  connectorId: string
  report: CarrierReport
  nowMs: number
  keepUnmatched: boolean
}

/**
 * Applies the receipts of a group commit in order. Those that settle a message of one part (the
 * common case) go first, one statement per connector (applyOnePartReceipts); the rest, and
 * every later receipt for an id already in the batch, go one by one through applyReceipt.
 */
async function applyReceipts(
  db: Db,
  outbox: Outbox,
  items: readonly ReceiptItem[],
  inDoubt: InDoubtHint,
): Promise<ReceiptOutcome[]> {
  const outcomes: (ReceiptOutcome | undefined)[] = new Array(items.length)
  const byConnector = new Map<string, { index: number; receipt: OnePartReceipt }[]>()
  const seen = new Set<string>()
  items.forEach((item, index) => {
    const key = recordingKey(item.connectorId, item.report.carrierId)
    const first = !seen.has(key)
    seen.add(key)
    const update = afterReceipts([item.report.state])
    if (!first || update === null) return
    const group = byConnector.get(item.connectorId) ?? []
    byConnector.set(item.connectorId, group)
    group.push({ index, receipt: { carrierId: item.report.carrierId, update, nowMs: item.nowMs } })
  })
  for (const [connectorId, group] of byConnector) {
    const changed = await applyOnePartReceipts(
      db,
      connectorId,
      group.map((g) => g.receipt),
    )
    const history: NewSmsReceipt[] = []
    for (const { index, receipt } of group) {
      const change = changed.get(receipt.carrierId)
      if (change === undefined) continue
      outcomes[index] = 'applied'
      await recordDeliveryEvent(outbox, db, change.uuid, change, receipt.update, receipt.nowMs)
      history.push(historyEntry(change.uuid, change, receipt.update, receipt.nowMs, items[index]!))
    }
    // One statement for the group's history, as for its changes.
    await recordSmsReceipts(db, history)
  }
  for (const [index, item] of items.entries()) {
    outcomes[index] ??= await applyReceipt(db, outbox, item.connectorId, item.report, item.nowMs, {
      keepUnmatched: item.keepUnmatched,
      inDoubt,
    })
  }
  return outcomes as ReceiptOutcome[]
}

/**
 * Applies one receipt inside the caller's transaction. One for a part not submitted yet is kept
 * for its submit result, or with `keepUnmatched: false` left to the caller ('unmatched').
 */
export async function applyReceipt(
  db: Db,
  outbox: Outbox,
  connectorId: string,
  r: CarrierReport,
  nowMs: number,
  opts: { keepUnmatched: boolean; inDoubt?: InDoubtHint } = { keepUnmatched: true },
): Promise<ReceiptOutcome> {
  // What the receipt makes of a message of one part, the common case: the store may apply it
  // together with recording the part (one statement on PostgreSQL).
  const ifOnePart = afterReceipts([r.state])
  const receipt = { connectorId, carrierId: r.carrierId, state: r.state, nowMs }
  const part = await recordPartReceipt(db, receipt, ifOnePart)
  if (!part) {
    if (!opts.keepUnmatched) return 'unmatched'
    if (await settleInDoubtByReceipt(db, connectorId, r, nowMs, opts.inDoubt ?? null)) {
      return applyReceipt(db, outbox, connectorId, r, nowMs, opts)
    }
    await savePendingReceipt(db, {
      ...receipt,
      error: r.error ?? null,
      handset: r.handset ? handsetKey(r.handset) : null,
      text: r.text ?? null,
    })
    return 'kept'
  }
  if (part.applied !== undefined) {
    if (part.applied) {
      await recordDeliveryEvent(outbox, db, part.sms_uuid, part.applied, ifOnePart!, nowMs)
      await recordSmsReceipts(db, [
        historyEntry(part.sms_uuid, part.applied, ifOnePart!, nowMs, { report: r }),
      ])
    }
    return 'applied'
  }
  const known = part.parts_total === 1 ? [r.state] : null
  await settle(db, outbox, part.sms_uuid, part.parts_total, known, nowMs, r)
  return 'applied'
}

/**
 * Receipts kept for want of a part that settle messages put in doubt since they came. Run
 * after every release of expired leases; how many were applied.
 */
export async function applyKeptReceiptsInDoubt(
  db: Db,
  outbox: Outbox,
  nowMs: number,
): Promise<number> {
  let applied = 0
  for (const k of await keptReceiptsForInDoubt(db, nowMs)) {
    const report: CarrierReport = {
      carrierId: k.carrier_id,
      state: asState(k.receipt_state),
      handset: k.handset,
    }
    if (k.error !== null) report.error = k.error
    if (k.text !== null) report.text = k.text
    if (!(await settleInDoubtByReceipt(db, k.connector_id, report, nowMs))) continue
    await takePendingReceipts(db, k.connector_id, [k.carrier_id])
    await applyReceipt(db, outbox, k.connector_id, report, nowMs)
    applied++
  }
  return applied
}

/** After a submit response: receipts that raced ahead of it are applied now. */
export async function applyEarlyReceipts(
  db: Db,
  outbox: Outbox,
  connectorId: string,
  carrierIds: string[],
  nowMs: number,
): Promise<void> {
  const taken = await takePendingReceipts(db, connectorId, carrierIds)
  await applyTakenReceipts(db, outbox, connectorId, taken, nowMs)
}

/** Applies receipts taken from those waiting for their submit response. */
export async function applyTakenReceipts(
  db: Db,
  outbox: Outbox,
  connectorId: string,
  taken: readonly TakenReceipt[],
  nowMs: number,
): Promise<void> {
  for (const p of taken) {
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
  report: CarrierReport,
): Promise<void> {
  const states: (ReceiptState | null)[] =
    known ?? (await partStates(db, smsUuid)).map((s) => (s === null ? null : asState(s)))
  while (states.length < partsTotal) states.push(null)
  const update = afterReceipts(states)
  if (!update) return
  const changed = await applyDelivery(db, { uuid: smsUuid, ...update, nowMs })
  if (!changed) return
  await recordDeliveryEvent(outbox, db, smsUuid, changed, update, nowMs)
  await recordSmsReceipts(db, [historyEntry(smsUuid, changed, update, nowMs, { report })])
}

/** The message's delivery history: what the receipt made of it, and the carrier's error. */
function historyEntry(
  smsUuid: string,
  changed: DeliveryChange,
  update: DeliveryUpdate,
  nowMs: number,
  { report }: { report: CarrierReport },
): NewSmsReceipt {
  return {
    sms_uuid: smsUuid,
    account_id: changed.accountId,
    state: update.state,
    error: report.error ?? null,
    status_code: changed.statusCode,
    dlr_code: update.dlrCode,
    received_at: nowMs,
  }
}

function recordDeliveryEvent(
  outbox: Outbox,
  db: Db,
  smsUuid: string,
  changed: DeliveryChange,
  update: DeliveryUpdate,
  nowMs: number,
): Promise<number> {
  const event = smsDeliveryEvent(
    deliveryFacts(changed, smsUuid, update.dlrCode),
    Math.floor(nowMs / 1000),
  )
  return outbox.record(db, event)
}

function asState(s: string): ReceiptState {
  return (RECEIPT_STATES as readonly string[]).includes(s) ? (s as ReceiptState) : 'UNKNOWN'
}
