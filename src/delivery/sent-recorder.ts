import type { GroupCommit } from '../store/group-commit.js'
import type { Outbox } from '../events/outbox.js'
import { markSentBatch, type SentMessage } from '../store/repositories/sent-batch.repository.js'
import { applyTakenReceipts } from './dlr-intake.js'

/**
 * Records what carriers accepted, many messages to a statement: the results that come while a
 * group commit is forming join one unit of it (markSentBatch), which also applies the receipts
 * that were waiting for them. Each caller learns, after the commit, whether its message was
 * still this worker's to mark; if the unit fails, every caller in it hears the error.
 */
export class SentRecorder {
  private waiting: SentMessage[] = []
  /** The commit the waiting messages will be part of. */
  private next: Promise<Set<string>> | null = null

  constructor(
    private readonly deps: { groupCommit: GroupCommit; outbox: Outbox },
    private readonly workerId: string,
    private readonly statusCode: number,
  ) {}

  async record(message: SentMessage): Promise<boolean> {
    this.waiting.push(message)
    this.next ??= this.commit()
    return (await this.next).has(message.uuid)
  }

  private commit(): Promise<Set<string>> {
    // Taken when the unit first runs, so that what came meanwhile joins it; kept for a second
    // run of the unit (GroupCommit runs a batch again when another unit in it failed).
    let batch: SentMessage[] | null = null
    return this.deps.groupCommit.run(async (trx) => {
      if (batch === null) {
        batch = this.waiting
        this.waiting = []
        this.next = null
      }
      const r = await markSentBatch(trx, { workerId: this.workerId, statusCode: this.statusCode, messages: batch })
      const nowMs = batch[0]!.nowMs
      for (const t of r.taken) await applyTakenReceipts(trx, this.deps.outbox, t.connector_id, [t], nowMs)
      return r.marked
    })
  }
}
