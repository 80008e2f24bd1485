import type { Db } from '../store/database.js'
import type { GroupCommit } from '../store/group-commit.js'
import { JoinedUnit } from '../store/joined-unit.js'
import {
  forgetBatches,
  forgetWorker,
  journalOnWire,
  type WireEntry,
} from '../store/repositories/wire-journal.repository.js'

/**
 * What this dispatcher may have put on the wire, kept in the store: after a crash only these
 * messages wait in doubt for their receipts (releaseLeases); the others it held go back to the
 * queue at once. A message is marked, with its attempt, before it is handed to a connector, and
 * its mark is durable by then: a crash between the two leaves a mark too many, never a message
 * sent without one. The marks made while a group commit forms share one row (a batch): one
 * statement per commit, not one per message, and the rows written stay few. A batch is deleted
 * once the outcome of each of its messages is stored, in a later commit.
 *
 * What waits in doubt after a crash is therefore what the dispatcher had handed to connectors
 * and not yet recorded: within its bound on unrecorded sends (twice the connectors' windows, at
 * least 100), however many messages it held.
 */
export class WireJournal {
  #seq = 0
  /** Batches with messages whose outcome is not stored yet: seq → how many. */
  readonly #open = new Map<number, number>()
  /** Batches whose messages all have their outcome stored, to be deleted with the next commit. */
  #done: number[] = []
  readonly #unit: JoinedUnit<WireEntry, number>

  constructor(
    private readonly deps: { groupCommit: GroupCommit; nowMs: () => number },
    private readonly workerId: string,
  ) {
    this.#unit = new JoinedUnit(deps.groupCommit, async (trx, entries) => {
      // A unit may run twice (GroupCommit); a seq of a run rolled back is simply skipped.
      const seq = ++this.#seq
      await this.#forget(trx)
      await journalOnWire(trx, { workerId, seq, entries, nowMs: deps.nowMs() })
      return entries.map(() => seq)
    })
  }

  /**
   * Resolves once the message is journaled as on the wire in this attempt: only then may it be
   * handed to a connector. Gives the mark to settle once its outcome is stored.
   */
  async mark(uuid: string, attempt: number): Promise<number> {
    const seq = await this.#unit.add([uuid, attempt])
    // Counted once committed: a batch is in the store before any of its messages settles.
    this.#open.set(seq, (this.#open.get(seq) ?? 0) + 1)
    return seq
  }

  /**
   * The outcome of a marked message is stored. A mark whose outcome could not be stored is never
   * settled: its message stays leased, and may be on the wire.
   */
  settled(seq: number): void {
    const left = (this.#open.get(seq) ?? 1) - 1
    if (left > 0) {
      this.#open.set(seq, left)
      return
    }
    this.#open.delete(seq)
    this.#done.push(seq)
  }

  /** Deletes settled batches where no marking comes to take them along (an idle dispatcher). */
  async tidy(): Promise<void> {
    if (this.#done.length > 0) await this.deps.groupCommit.run((trx) => this.#forget(trx))
  }

  /** The dispatcher stopped: with every outcome stored, nothing of it can be in doubt. */
  async stopped(db: Db): Promise<void> {
    if (this.#open.size === 0) await forgetWorker(db, this.workerId)
  }

  async #forget(db: Db): Promise<void> {
    if (this.#done.length === 0) return
    const seqs = this.#done
    this.#done = []
    try {
      await forgetBatches(db, { workerId: this.workerId, seqs })
    } catch (err) {
      this.#done.push(...seqs)
      throw err
    }
    // A commit that fails after this leaves the rows behind: harmless, as their messages are
    // settled; they go when the worker stops, or with pruneJournals once it is gone.
  }
}
