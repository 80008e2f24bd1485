import type { GroupCommit } from '../store/group-commit.js'
import { JoinedUnit } from '../store/joined-unit.js'
import type { Outbox } from '../events/outbox.js'
import { markSentBatch, type SentMessage } from '../store/repositories/sent-batch.repository.js'
import { applyTakenReceipts } from './dlr-intake.js'

/**
 * Records what carriers accepted, many messages to a statement: the results that come while a
 * group commit is forming are marked sent together (markSentBatch), and the receipts that were
 * waiting for them are applied. Each caller learns, after the commit, whether its message was
 * still this worker's to mark.
 */
export class SentRecorder {
  private readonly unit: JoinedUnit<SentMessage, boolean>

  constructor(
    deps: { groupCommit: GroupCommit; outbox: Outbox },
    workerId: string,
    statusCode: number,
  ) {
    this.unit = new JoinedUnit(deps.groupCommit, async (trx, messages) => {
      const r = await markSentBatch(trx, { workerId, statusCode, messages })
      for (const t of r.taken) {
        await applyTakenReceipts(trx, deps.outbox, t.connector_id, [t], messages[0]!.nowMs)
      }
      return messages.map((m) => r.marked.has(m.uuid))
    })
  }

  record(message: SentMessage): Promise<boolean> {
    return this.unit.add(message)
  }
}
