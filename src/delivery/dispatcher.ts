import { randomUUID } from 'node:crypto'
import type { MessageClass } from '../domain/encoding/data-coding.js'
import { decideRoute } from '../domain/routing/route-table.js'
import { voiceOf } from './voice-message.js'
import { nextStatus } from '../domain/message/status.js'
import { afterFailedSubmit, expiredBeforeSubmit } from '../domain/message/outcome.js'
import { creditFunds } from '../store/repositories/account.repository.js'
import {
  acceptedParts,
  markRetry,
  markUnsent,
  recordParts,
} from '../store/repositories/delivery.repository.js'
import {
  claimDueMessages,
  extendLeases,
  nextDueAt,
  releaseLeases,
  type ClaimedSms,
} from '../store/queue/claim.js'
import { ClaimLoop, type ClaimLoopOptions } from '../store/queue/claim-loop.js'
import type { ServiceDeps } from '../services/deps.js'
import type { OutboundMessage, SubmitOutcome } from './connectors/connector.js'
import type { ConnectorRegistry } from './connector-registry.js'
import { applyEarlyReceipts, applyKeptReceiptsInDoubt, type DlrIntake } from './dlr-intake.js'
import { SentRecorder } from './sent-recorder.js'
import { WireJournal } from './wire-journal.js'
import { pruneJournals } from '../store/repositories/wire-journal.repository.js'
import { DispatcherHandOff } from './hand-off.js'
import { releaseLeasesOfDead } from '../store/queue/dead-owners.js'
import type { WorkerLock } from '../store/queue/worker-lock.js'
import type { SharedRoom } from '../store/queue/shared-room.js'
import { deliveryFacts, smsDeliveryEvent } from '../events/sms-events.js'

export type DispatcherOptions = ClaimLoopOptions & {
  /** How long a message a dead worker may have sent waits for a receipt before it is sent again. */
  inDoubtMs: number
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  batchSize: 500,
  maxInFlight: 5000,
  leaseMs: 30_000,
  idleMs: 250,
  gatherMs: 5,
  releaseAllLeasesAtStart: true,
  inDoubtMs: 60_000,
}

/** What the dispatcher needs of the receipt intake of its process. */
type ReceiptIntake = Pick<DlrIntake, 'below' | 'inDoubtChanged' | 'recording'>

/**
 * About two seconds of receipts at full speed; each waiting one holds a transaction's closure,
 * and the SMSC waits for its answer (the simulator 10 s, then offers it again). PostgreSQL
 * stores 400 to 600 a second on the 2-core test machine: 5,000 waiting meant answers after
 * more than 10 s, receipts offered again, and more load still.
 */
const RECEIPT_BACKLOG_LIMIT = { sqlite: 5000, postgres: 1000 } as const

/** Room for sends however small the connectors' windows (a simulator counts for none). */
const MIN_UNRECORDED = 100

/** The wire journal could not be written: the message is not sent now, and tried again later. */
const JOURNAL_FAILED: SubmitOutcome = { ok: false, retry: true, code: 'STORE_UNAVAILABLE' }

/** The worker lock is lost: another worker may be releasing the message; it is not sent now. */
const LOCK_LOST: SubmitOutcome = { ok: false, retry: true, code: 'STORE_UNAVAILABLE' }

type Settled = {
  row: ClaimedSms
  routeId: number | null
  connectorId: string | null
  outcome: SubmitOutcome
  /** A carrier took some parts in an earlier attempt. */
  partlySent?: boolean
  /** Its mark in the wire journal, once handed to a connector (undefined: none is kept). */
  wireMark?: number | undefined
}

/**
 * Claims due messages under leases, routes each to a connector, submits, and records what the
 * carrier said. A message ends sent, queued again for a retry, failed (refunded) or expired
 * (refunded); nothing claimed is forgotten: a crash leaves it leased, and an expired lease puts
 * it back in the queue.
 */
export class Dispatcher {
  readonly workerId = `dispatcher-${randomUUID().slice(0, 8)}`
  /** Messages handed to a connector whose outcome is not stored yet, and who waits for room. */
  private unrecorded = 0
  private recorded: (() => void)[] = []
  private readonly loop: ClaimLoop<ClaimedSms>
  private readonly sent: SentRecorder
  /** What may be on the wire; none where nothing waits in doubt after a crash (inDoubtMs 0). */
  private readonly wire: WireJournal | null
  /** PostgreSQL: held while this dispatcher runs, so that others see at once when it died. */
  private readonly lock: WorkerLock | null

  constructor(
    private readonly deps: ServiceDeps,
    private readonly registry: ConnectorRegistry,
    opts: Partial<DispatcherOptions> = {},
    /** Receipts waiting to be stored: no more is claimed while too many wait. */
    private readonly receipts: ReceiptIntake | null = null,
    /** The room under maxInFlight, where another thread hands messages over (DispatcherHandOff). */
    room?: SharedRoom,
  ) {
    const { db, dialect } = deps
    const options = { ...DEFAULT_DISPATCHER_OPTIONS, ...opts }
    const sentStatus = nextStatus('submitting', { type: 'submit_ok' })!.status
    this.sent = new SentRecorder(deps, this.workerId, sentStatus)
    this.wire =
      options.inDoubtMs > 0
        ? new WireJournal(
            { groupCommit: deps.groupCommit, nowMs: () => deps.clock.nowMs() },
            this.workerId,
          )
        : null
    this.lock = deps.workerLocks?.lock(this.workerId) ?? null
    const lock = this.lock
    this.loop = new ClaimLoop(
      { nowMs: () => deps.clock.nowMs(), log: deps.log, signal: deps.queued, room, lock },
      {
        what: 'messages',
        claim: async (o) => {
          await receipts?.below(RECEIPT_BACKLOG_LIMIT[dialect])
          const claim = { ...o, workerId: this.workerId }
          // SQLite: a unit of the group commit, sharing its transaction. Each transaction that
          // follows another thread's commit starts with an empty page cache (SQLite drops it
          // when the log has changed), so fewer transactions read fewer pages again: 8% less
          // CPU per message end to end. PostgreSQL claims on its own, beside the API's writes.
          return dialect === 'sqlite'
            ? deps.groupCommit.run((trx) => claimDueMessages(trx, dialect, claim))
            : claimDueMessages(db, dialect, claim)
        },
        handle: async (rows, track) => {
          // The in-process simulator reports an endless window and puts nothing on a wire: beside
          // it (the bootstrap route's connector stays), the bound on unrecorded sends was gone.
          const windows = this.registry
            .connectors()
            .reduce((sum, c) => sum + (Number.isFinite(c.stats().window) ? c.stats().window : 0), 0)
          for (const row of rows) {
            const work = this.sendAndRecord(row, windows)
            track(
              work.catch((err) =>
                deps.log.error({ err, smsId: row.uuid }, 'recording an outcome failed'),
              ),
            )
          }
        },
        nextDueAt: () => nextDueAt(db),
        extendLeases: async (untilMs) => {
          await deps.groupCommit.alone(() => extendLeases(db, this.workerId, untilMs))
          await this.wire?.tidy()
        },
        releaseLeases: async (o) => {
          const release = { ...o, inDoubtMs: options.inDoubtMs }
          // With worker locks, a dead dispatcher's leases go now, not when they run out; in the
          // same release, so that what it may have sent waits in doubt all the same.
          const released = await deps.groupCommit.alone(() =>
            lock
              ? releaseLeasesOfDead(db, { ...release, self: this.workerId })
              : releaseLeases(db, release),
          )
          // The journals of workers left with nothing leased can mark nothing in doubt any more.
          if (released > 0 || o.all) await deps.groupCommit.alone(() => pruneJournals(db))
          // Receipts of what the dead worker sent come long before its lease runs out.
          if (options.inDoubtMs > 0) {
            if (released > 0) receipts?.inDoubtChanged()
            await deps.groupCommit.run((trx) => applyKeptReceiptsInDoubt(trx, deps.outbox, o.nowMs))
          }
          return released
        },
      },
      options,
    )
  }

  start(): Promise<void> {
    return this.loop.start()
  }

  /** Stops claiming, lets every claimed message settle, then returns. */
  /** Stops claiming, finishes what was claimed; says how many messages that was. */
  async stop(): Promise<{ messages: number }> {
    const messages = await this.loop.stop()
    const { db, groupCommit } = this.deps
    if (this.wire) await groupCommit.alone(() => this.wire!.stopped(db))
    return { messages }
  }

  /** Messages stored leased to this dispatcher by a hand-over; their places are taken. */
  adopt(messages: ClaimedSms[]): void {
    this.loop.adopt(messages)
  }

  get leaseMs(): number {
    return this.loop.leaseMs
  }

  /** Hands messages accepted in this thread to this dispatcher. */
  handOff(): DispatcherHandOff {
    return new DispatcherHandOff(this.loop.room, this.workerId, this.loop.leaseMs, (m) =>
      this.adopt(m),
    )
  }

  /**
   * What a crash sends twice is what went to a carrier and was not recorded yet. Bounded here
   * to twice the windows of the connectors: enough to keep every window full, while a slow
   * commit (PostgreSQL under load) holds further sends back instead of piling up results.
   */
  private async sendAndRecord(row: ClaimedSms, windows: number): Promise<void> {
    while (this.unrecorded >= Math.max(MIN_UNRECORDED, 2 * windows)) {
      await new Promise<void>((resolve) => this.recorded.push(resolve))
    }
    this.unrecorded++
    try {
      const settled = await this.submit(row)
      const recording = this.record(settled)
      if (settled.outcome.ok)
        this.receipts?.recording(settled.connectorId!, settled.outcome.carrierIds, recording)
      await recording
      // Not when recording failed: the message stays leased, and may have reached the carrier.
      if (settled.wireMark !== undefined) this.wire!.settled(settled.wireMark)
    } finally {
      this.unrecorded--
      this.recorded.shift()?.()
    }
  }

  private async submit(row: ClaimedSms): Promise<Settled> {
    const nowMs = this.deps.clock.nowMs()
    if (expiredBeforeSubmit(row.valid_until === null ? null : Number(row.valid_until), nowMs)) {
      return {
        row,
        routeId: null,
        connectorId: null,
        outcome: { ok: false, retry: false, code: 'EXPIRED_IN_QUEUE' },
      }
    }
    // A long message a carrier took in part is completed on that connector, under the same
    // concatenation reference, or not at all: parts from two links would not join on the handset.
    const earlier =
      row.attempts > 1 && row.parts_count > 1 ? await acceptedParts(this.deps.db, row.uuid) : null
    if (earlier && this.registry.get(earlier.connectorId)) {
      const up = this.registry.isUp(earlier.connectorId)
      const base = {
        row,
        routeId: row.route_id,
        connectorId: earlier.connectorId,
        partlySent: true,
      }
      if (!up) return { ...base, outcome: { ok: false, retry: true, code: 'NO_CONNECTOR_UP' } }
      const message = { ...outboundMessage(row), acceptedParts: earlier.parts }
      if (this.lock && !this.lock.held) return { ...base, outcome: LOCK_LOST }
      const wireMark = await this.markOnWire(row)
      if (wireMark === null) return { ...base, outcome: JOURNAL_FAILED }
      const outcome = await this.registry.get(earlier.connectorId)!.submit(message)
      return { ...base, outcome, wireMark }
    }
    const decision = decideRoute(
      this.registry.routeTable(),
      {
        accountId: Number(row.account_id),
        phone: row.phone,
        iso2: row.iso2,
        serviceCode: row.service_code,
      },
      this.registry.isUp,
      this.registry.carries,
    )
    if (!decision.ok) {
      // No route is final; every connector of the route being down is not: they come back.
      const retry = decision.reason === 'NO_CONNECTOR_UP'
      return {
        row,
        routeId: decision.routeId,
        connectorId: null,
        outcome: { ok: false, retry, code: decision.reason },
      }
    }
    const connector = this.registry.get(decision.connectorId)!
    const { routeId, connectorId } = decision
    if (this.lock && !this.lock.held) return { row, routeId, connectorId, outcome: LOCK_LOST }
    // Written out: a spread followed by more properties costs a hidden class per message.
    const wireMark = await this.markOnWire(row)
    if (wireMark === null) return { row, routeId, connectorId, outcome: JOURNAL_FAILED }
    const outcome = await connector.submit(outboundMessage(row))
    return { row, routeId, connectorId, outcome, wireMark }
  }

  /**
   * Journals the message as on the wire, durably, before a connector may write it (see
   * WireJournal): its mark; undefined where nothing is journaled; null if the store failed, and
   * then the message must not go.
   */
  private async markOnWire(row: ClaimedSms): Promise<number | undefined | null> {
    if (!this.wire) return undefined
    try {
      return await this.wire.mark(row.uuid, row.attempts)
    } catch (err) {
      this.deps.log.error({ err, smsId: row.uuid }, 'journaling a submit failed; it is retried')
      return null
    }
  }

  private async record(s: Settled): Promise<void> {
    const { row, outcome } = s
    const nowMs = this.deps.clock.nowMs()
    if (outcome.ok) {
      const { carrierIds } = outcome
      await this.sent.record({
        uuid: row.uuid,
        connectorId: s.connectorId!,
        routeId: s.routeId!,
        carrierIds,
        nowMs,
      })
      return
    }
    await this.deps.groupCommit.run(async (trx) => {
      // Kept after the state change below, so that their receipts cannot settle the message.
      const keepAccepted = async () => {
        if (!outcome.accepted || !s.connectorId) return
        const { total, parts } = outcome.accepted
        await recordParts(trx, { uuid: row.uuid, connectorId: s.connectorId, total, parts, nowMs })
        const carrierIds = parts.map((p) => p.carrierId)
        await applyEarlyReceipts(trx, this.deps.outbox, s.connectorId, carrierIds, nowMs)
      }
      const next = afterFailedSubmit(outcome, {
        attempts: row.attempts,
        validUntilMs: row.valid_until === null ? null : Number(row.valid_until),
        nowMs,
        jitter: Math.random(),
        partlySent: s.partlySent === true || outcome.accepted !== undefined,
      })
      if (next.kind === 'retry') {
        const retried = await markRetry(trx, {
          uuid: row.uuid,
          workerId: this.workerId,
          dueAtMs: next.dueAtMs,
          detail: outcome.code,
          nowMs,
          routeId: s.routeId,
        })
        if (retried) await keepAccepted()
        return
      }
      const { dlrCode } = next
      const settled = await markUnsent(trx, {
        uuid: row.uuid,
        workerId: this.workerId,
        state: next.state,
        statusCode: next.statusCode,
        dlrCode,
        detail: outcome.detail ? `${outcome.code}: ${outcome.detail}` : outcome.code,
        routeId: s.routeId,
        nowMs,
      })
      if (settled) {
        await keepAccepted()
        const event = smsDeliveryEvent(
          deliveryFacts(settled, row.uuid, dlrCode),
          Math.floor(nowMs / 1000),
        )
        await this.deps.outbox.record(trx, event)
      }
      if (settled && settled.priceMicro > 0 && next.refund) {
        await creditFunds(trx, settled.accountId, settled.priceMicro, Math.floor(nowMs / 1000))
      }
    })
  }
}

function outboundMessage(row: ClaimedSms): OutboundMessage {
  const message: OutboundMessage = {
    smsId: row.uuid,
    phone: row.phone,
    senderId: row.sender_id,
    text: row.text,
    isUnicode: row.is_unicode === 1,
    parts: row.parts_count,
    validUntilMs: row.valid_until === null ? null : Number(row.valid_until),
    messageClass: row.message_class === null ? null : (Number(row.message_class) as MessageClass),
  }
  if (row.is_binary === 1) {
    message.binary = {
      udh: row.udh === null ? null : Buffer.from(row.udh, 'hex'),
      data: Buffer.from(row.text, 'hex'),
    }
  } else if (row.udh !== null) {
    message.udh = Buffer.from(row.udh, 'hex')
  }
  if (row.service_code === 'text2speech') message.voice = voiceOf(row.text, row.voice_lang)
  return message
}
