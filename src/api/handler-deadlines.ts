import type { FastifyReply } from 'fastify'

/**
 * Answers a request its handler has not answered within `timeoutMs` (the handler timeout).
 * Fastify's own `handlerTimeout` costs every request an AbortController, a timer and, when the
 * request closes, an AbortError (a DOMException), even one answered in a millisecond: 18 µs of
 * the main thread's 385 per message with a webhook. Here a request is added to the set of its
 * time slot and removed when answered; a sweep, once a slot, answers what is left in the slots
 * whose time ran out.
 */
export class HandlerDeadlines {
  readonly #slotMs: number
  readonly #slots = new Map<number, Set<FastifyReply>>()
  readonly #slotOf = new WeakMap<FastifyReply, Set<FastifyReply>>()
  readonly #timer: NodeJS.Timeout | null

  constructor(
    private readonly timeoutMs: number,
    private readonly onLate: (reply: FastifyReply) => void,
  ) {
    // A late request is answered within a quarter of the timeout after it (at least 10 ms).
    this.#slotMs = Math.max(10, Math.floor(timeoutMs / 4))
    this.#timer = timeoutMs > 0 ? setInterval(() => this.sweep(), this.#slotMs).unref() : null
  }

  add(reply: FastifyReply): void {
    if (this.#timer === null) return
    const slot = Math.floor((Date.now() + this.timeoutMs) / this.#slotMs) + 1
    let set = this.#slots.get(slot)
    if (set === undefined) this.#slots.set(slot, (set = new Set()))
    set.add(reply)
    this.#slotOf.set(reply, set)
  }

  done(reply: FastifyReply): void {
    this.#slotOf.get(reply)?.delete(reply)
  }

  sweep(nowMs = Date.now()): void {
    const due = Math.floor(nowMs / this.#slotMs)
    for (const [slot, replies] of this.#slots) {
      if (slot > due) continue
      this.#slots.delete(slot)
      for (const reply of replies) {
        if (!reply.sent && !reply.raw.destroyed) this.onLate(reply)
      }
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
    this.#slots.clear()
  }
}
