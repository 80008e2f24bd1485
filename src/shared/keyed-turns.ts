/**
 * Runs work one at a time per key, in the order it asked; work of other keys runs beside it.
 * For a check and the write it guards, which together must not interleave with another's.
 */
export class KeyedTurns {
  readonly #tails = new Map<string, Promise<unknown>>()

  /** Keys with work running or waiting. */
  get busyKeys(): number {
    return this.#tails.size
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve()
    const mine = before.then(work, work)
    const tail = mine.catch(() => undefined)
    this.#tails.set(key, tail)
    try {
      return await mine
    } finally {
      // The last in line leaves no entry behind.
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}
