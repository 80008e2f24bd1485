// The binds open now, by account: the bind limit, the receivers that receipts and MO go to, and
// what the CLI and /metrics show.

export type BindType = 'transmitter' | 'receiver' | 'transceiver'

/** What the registry needs of a bind. */
export type BoundSession = {
  readonly id: number
  readonly accountId: number
  readonly type: BindType
  readonly remote: string
  readonly boundAtMs: number
  /** submit_sm accepted on this bind. */
  submitted: number
  /** deliver_sm answered by the ESME. */
  delivered: number
  /** deliver_sm sent and not yet answered. */
  readonly outstanding: number
}

export type BindInfo = Omit<BoundSession, 'outstanding'> & { outstanding: number }

export class BindRegistry {
  readonly #byAccount = new Map<number, Set<BoundSession>>()
  #listeners: ((accountId: number) => void)[] = []

  count(accountId: number): number {
    return this.#byAccount.get(accountId)?.size ?? 0
  }

  add(bind: BoundSession): void {
    let set = this.#byAccount.get(bind.accountId)
    if (!set) this.#byAccount.set(bind.accountId, (set = new Set()))
    set.add(bind)
    if (bind.type !== 'transmitter') for (const l of this.#listeners) l(bind.accountId)
  }

  remove(bind: BoundSession): void {
    const set = this.#byAccount.get(bind.accountId)
    if (!set) return
    set.delete(bind)
    if (set.size === 0) this.#byAccount.delete(bind.accountId)
  }

  /** The binds of an account that take deliver_sm. */
  receivers<T extends BoundSession>(accountId: number): T[] {
    return [...(this.#byAccount.get(accountId) ?? [])].filter(
      (b) => b.type !== 'transmitter',
    ) as T[]
  }

  /** Called when an account gains a receiver: what waited for it can go now. */
  onReceiver(listener: (accountId: number) => void): void {
    this.#listeners.push(listener)
  }

  list(): BindInfo[] {
    const out: BindInfo[] = []
    for (const set of this.#byAccount.values())
      for (const b of set)
        out.push({
          id: b.id,
          accountId: b.accountId,
          type: b.type,
          remote: b.remote,
          boundAtMs: b.boundAtMs,
          submitted: b.submitted,
          delivered: b.delivered,
          outstanding: b.outstanding,
        })
    return out.sort((a, b) => a.id - b.id)
  }
}
