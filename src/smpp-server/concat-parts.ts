// Parts of concatenated submit_sm waiting for the rest, per account: an ESME with several binds
// may send the parts of one message over different binds.
import type { ConcatInfo } from '../domain/encoding/udh.js'
import { Reassembler } from '../smpp/reassembler.js'
import type { SubmitRequest } from './submit-mapping.js'

/** Parts wait this long for the rest; then they are dropped (the ESME had its answers). */
const CONCAT_WAIT_MS = 10 * 60_000

export class ConcatParts {
  readonly #parts = new Reassembler<SubmitRequest>(CONCAT_WAIT_MS)
  /** The id answered for the earlier parts of a message, by its key. */
  readonly #ids = new Map<string, string>()

  get waiting(): number {
    return this.#parts.size
  }

  /**
   * Adds a part. Returns the whole message and the id its earlier parts were answered with once
   * complete; else the id to answer this part with.
   */
  add(
    accountId: number,
    part: SubmitRequest & { concat: ConcatInfo },
    nowMs: number,
    newId: () => string,
  ): { whole: SubmitRequest[]; partsId: string | null } | { whole: null; partsId: string } {
    const from = `${accountId}\u0000${part.from}`
    const key = keyOf(from, part.to, part.concat)
    const whole = this.#parts.add(from, part.to, part.concat, part, nowMs)
    for (const expired of this.#parts.expire(nowMs)) {
      const first = expired[0]
      if (first?.concat)
        this.#ids.delete(keyOf(`${accountId}\u0000${first.from}`, first.to, first.concat))
    }
    if (whole) {
      const partsId = this.#ids.get(key) ?? null
      this.#ids.delete(key)
      return { whole, partsId }
    }
    let id = this.#ids.get(key)
    if (!id) this.#ids.set(key, (id = newId()))
    return { whole: null, partsId: id }
  }
}

function keyOf(from: string, to: string, c: ConcatInfo): string {
  return `${from}\u0000${to}\u0000${c.ref}\u0000${c.total}`
}
