// Collects the parts of concatenated messages until each is complete. Keyed by sender,
// recipient and reference, as handsets do; time is passed in.
import type { ConcatInfo } from '../domain/encoding/udh.js'

type Group<T> = { parts: (T | undefined)[]; received: number; firstAtMs: number }

export class Reassembler<T> {
  #groups = new Map<string, Group<T>>()

  constructor(private readonly maxAgeMs: number) {}

  get size(): number {
    return this.#groups.size
  }

  /** Adds a part; returns all parts in order once the last one arrives. A repeated part replaces. */
  add(from: string, to: string, concat: ConcatInfo, part: T, nowMs: number): T[] | null {
    const key = `${from}\u0000${to}\u0000${concat.ref}\u0000${concat.total}`
    let group = this.#groups.get(key)
    if (!group) {
      group = { parts: new Array<T | undefined>(concat.total), received: 0, firstAtMs: nowMs }
      this.#groups.set(key, group)
    }
    if (group.parts[concat.seq - 1] === undefined) group.received++
    group.parts[concat.seq - 1] = part
    if (group.received < concat.total) return null
    this.#groups.delete(key)
    return group.parts as T[]
  }

  /** Removes groups older than maxAgeMs and returns the parts they got, in order. */
  expire(nowMs: number): T[][] {
    const out: T[][] = []
    for (const [key, group] of this.#groups) {
      if (nowMs - group.firstAtMs < this.maxAgeMs) continue
      this.#groups.delete(key)
      out.push(group.parts.filter((p): p is T => p !== undefined))
    }
    return out
  }
}
