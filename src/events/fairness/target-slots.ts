// Fair shares of the event worker's places: a cap of deliveries in flight per target and per
// account, handed out round-robin between targets. Pure bookkeeping; the worker does the I/O.

export type SlotLimits = {
  /** Deliveries in flight to one target (a webhook, an account's push endpoint). */
  perTarget: number
  /** Deliveries in flight to all targets of one account together. */
  perAccount: number
}

/** A target with pending work: its key, its account, and when its oldest pending row is due. */
export type TargetHead = { targetKey: string; accountId: number; dueAt: number }

export type Allocation = { targetKey: string; n: number }

export class TargetSlots {
  private readonly targets = new Map<string, number>()
  private readonly accounts = new Map<number, number>()

  constructor(readonly limits: SlotLimits) {}

  inFlight(targetKey: string): number {
    return this.targets.get(targetKey) ?? 0
  }

  accountInFlight(accountId: number): number {
    return this.accounts.get(accountId) ?? 0
  }

  take(targetKey: string, accountId: number): void {
    this.targets.set(targetKey, this.inFlight(targetKey) + 1)
    this.accounts.set(accountId, this.accountInFlight(accountId) + 1)
  }

  give(targetKey: string, accountId: number): void {
    const t = this.inFlight(targetKey) - 1
    if (t > 0) this.targets.set(targetKey, t)
    else this.targets.delete(targetKey)
    const a = this.accountInFlight(accountId) - 1
    if (a > 0) this.accounts.set(accountId, a)
    else this.accounts.delete(accountId)
  }

  /**
   * How many rows to claim of each due target, at most `limit` in all: one place per target in
   * turn, in the order given (the caller rotates it between claims), so that targets share the
   * free places evenly and none gets more than its room. `extraRoom` narrows a target's room
   * further (its circuit breaker). Targets that get nothing are left out.
   */
  allocate(
    heads: readonly TargetHead[],
    limit: number,
    nowMs: number,
    extraRoom: (targetKey: string) => number = () => Infinity,
  ): Allocation[] {
    const rooms: { head: TargetHead; room: number; n: number }[] = []
    const accountRoom = new Map<number, number>()
    for (const head of heads) {
      if (head.dueAt > nowMs) continue
      const room = Math.min(
        this.limits.perTarget - this.inFlight(head.targetKey),
        extraRoom(head.targetKey),
      )
      if (room <= 0) continue
      if (!accountRoom.has(head.accountId)) {
        accountRoom.set(
          head.accountId,
          this.limits.perAccount - this.accountInFlight(head.accountId),
        )
      }
      rooms.push({ head, room, n: 0 })
    }
    let left = limit
    let given = true
    while (left > 0 && given) {
      given = false
      for (const r of rooms) {
        if (left === 0) break
        const account = accountRoom.get(r.head.accountId)!
        if (r.n >= r.room || account <= 0) continue
        r.n++
        accountRoom.set(r.head.accountId, account - 1)
        left--
        given = true
      }
    }
    return rooms.filter((r) => r.n > 0).map((r) => ({ targetKey: r.head.targetKey, n: r.n }))
  }
}
