import type { Transaction } from 'kysely'
import type { Database } from './database.js'
import type { GroupCommit } from './group-commit.js'

/**
 * Items that come while a group commit forms join one unit of it, which `work` runs on them all
 * at once (a statement for many rows instead of one per row). Each caller gets its own item's
 * result after the commit; if the unit fails, every caller in it gets the error.
 */
export class JoinedUnit<I, R> {
  private waiting: I[] = []
  /** The commit the waiting items will be part of. */
  private next: Promise<R[]> | null = null

  constructor(
    private readonly groupCommit: GroupCommit,
    /** Database work only, one result per item in order; it may run twice (see GroupCommit). */
    private readonly work: (trx: Transaction<Database>, items: readonly I[]) => Promise<R[]>,
  ) {}

  async add(item: I): Promise<R> {
    const index = this.waiting.push(item) - 1
    this.next ??= this.commit()
    return (await this.next)[index]!
  }

  private commit(): Promise<R[]> {
    // Taken when the unit first runs, so that what came meanwhile joins it; kept for a second
    // run of the unit (GroupCommit runs a batch again when another unit in it failed).
    let items: I[] | null = null
    const committed = this.groupCommit.run((trx) => {
      if (items === null) {
        items = this.waiting
        this.waiting = []
        this.next = null
      }
      return this.work(trx, items)
    })
    // A batch that failed before the unit ran (no connection, say) fails the items waiting for
    // it; the next item starts a commit of its own instead of waiting on this one forever.
    committed.catch(() => {
      if (items === null && this.next === committed) {
        this.waiting = []
        this.next = null
      }
    })
    return committed
  }
}
