/** Lets callers wait together: each wait resolves `ms` after the first of its group began. */
export class Gather {
  #waiting: (() => void)[] = []
  #timer: NodeJS.Timeout | null = null

  constructor(private readonly ms: number) {}

  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve)
      if (this.#timer !== null) return
      this.#timer = setTimeout(() => {
        this.#timer = null
        const waiting = this.#waiting
        this.#waiting = []
        for (const r of waiting) r()
      }, this.ms)
    })
  }
}
