// One attempt of an event delivery from start to record: sent by its transport, then recorded
// with the attempts of the moment in one group commit, and what follows an attempt acted on.
import type { Logger } from 'pino'
import type { Clock } from '../shared/clock.js'
import type { GroupCommit } from '../store/group-commit.js'
import { JoinedUnit } from '../store/joined-unit.js'
import { sleep } from '../store/queue/claim-loop.js'
import {
  finishAttempts,
  type FinishedAttempt,
} from '../store/repositories/event-attempt.repository.js'
import { postponeDelivery } from '../store/repositories/event.repository.js'
import type { EventDeliveryRow } from '../store/tables/event.table.js'
import type { Db } from '../store/database.js'
import { Gather } from './gather.js'
import { AttemptSender, type EventTransports } from './send-attempt.js'
import type { WebhookFailures } from './webhook-failures.js'

/** How long a delivery whose attempt could not be recorded waits before it is attempted again. */
const UNRECORDED_PAUSE_MS = 2_000

export type AttemptRunnerDeps = {
  db: Db
  groupCommit: GroupCommit
  clock: Clock
  log: Logger
  failures: WebhookFailures
}

export class AttemptRunner {
  private readonly sender: AttemptSender
  /** The attempts finished while a group commit forms, recorded together (finishAttempts). */
  private readonly finished: JoinedUnit<FinishedAttempt, boolean>
  /** Finished attempts wait recordGatherMs, so that those of the moment are recorded together. */
  private readonly gather: Gather

  constructor(
    private readonly deps: AttemptRunnerDeps,
    transports: EventTransports,
    private readonly o: {
      workerId: string
      /** Seconds before the 2nd, 3rd, … attempt. */
      retryS: readonly number[]
      recordGatherMs: number
      /** False once the worker stops: a delivery that cannot be given back is left to its lease. */
      active: () => boolean
    },
  ) {
    this.sender = new AttemptSender(deps, transports)
    this.gather = new Gather(o.recordGatherMs)
    this.finished = new JoinedUnit(deps.groupCommit, (trx, done) =>
      finishAttempts(trx, o.workerId, done),
    )
  }

  /**
   * Sends one attempt and records it. The target's place is freed as soon as the call ends, not
   * after the record's commit: the cap bounds calls to the target. Held through the commit too,
   * 32 places gave a lone webhook on loopback 1,279 events/s against 2,039 without the cap
   * (bench/webhook-fairness.ts on a loaded machine); freed at once, 1,389 against 1,236.
   */
  async run(
    row: EventDeliveryRow,
    secret: string | null,
    free: (ok: boolean) => void,
  ): Promise<void> {
    const attemptNumber = row.attempts + 1
    const attemptedAt = Math.floor(this.deps.clock.nowMs() / 1000)
    const result = await this.sender.send(row, attemptNumber, secret)
    free(result.ok)
    const nowMs = this.deps.clock.nowMs()
    const { retryS } = this.o
    const delayS = retryS[Math.min(attemptNumber - 1, retryS.length - 1)] ?? 60
    const retryAtMs = !result.ok && attemptNumber < row.attempt_total ? nowMs + delayS * 1000 : null
    await this.gather.wait()
    const attempt = {
      workerId: this.o.workerId,
      attemptNumber,
      ok: result.ok,
      httpStatus: result.status,
      error: result.error,
      latencyMs: result.latencyMs,
      attemptedAt,
      retryAtMs,
      nowMs,
    }
    let recorded: boolean
    try {
      recorded = await this.finished.add({ delivery: row, attempt })
    } catch (err) {
      this.deps.log.error({ err, deliveryId: row.id }, 'recording an event attempt failed')
      await this.giveBackUnrecorded(row)
      return
    }
    // Only the worker that recorded the attempt acts on it (a lease that ran out lets another).
    if (recorded) {
      await this.deps.failures.attempted(row, result, retryAtMs === null && !result.ok)
    }
  }

  /**
   * A delivery whose attempt is not on record goes back to the queue and is attempted again (at
   * least once). Left leased, this worker's heartbeat would keep its lease for as long as the
   * process runs. Tried until the store answers, with growing pauses.
   */
  private async giveBackUnrecorded(row: EventDeliveryRow): Promise<void> {
    for (let pauseMs = 250; ; pauseMs = Math.min(pauseMs * 2, 10_000)) {
      try {
        // A pause first: while the store refuses, the target is not called in a loop.
        const dueAtMs = this.deps.clock.nowMs() + UNRECORDED_PAUSE_MS
        await this.deps.groupCommit.run((trx) =>
          postponeDelivery(trx, this.o.workerId, Number(row.id), dueAtMs),
        )
        return
      } catch (err) {
        this.deps.log.error({ err, deliveryId: row.id }, 'returning an event delivery failed')
        if (!this.o.active()) return
        await sleep(pauseMs)
      }
    }
  }
}
