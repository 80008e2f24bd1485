import type { ClaimLoopOptions } from '../store/queue/claim-loop.js'
import { DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './fairness/circuit-breaker.js'

export type EventWorkerOptions = ClaimLoopOptions & {
  /** Seconds before the 2nd, 3rd, … attempt. */
  retryS: readonly number[]
  /** Finished attempts wait this long, so that those of the moment are recorded together. */
  recordGatherMs: number
  /** Deliveries in flight to one target, and to all targets of one account (per worker). */
  perTarget: number
  perAccount: number
  /** When a webhook or push URL that keeps failing is left alone (circuit-breaker.ts). */
  breaker: BreakerOptions
}

export const DEFAULT_EVENT_WORKER_OPTIONS: EventWorkerOptions = {
  batchSize: 200,
  maxInFlight: 512,
  leaseMs: 120_000,
  idleMs: 250,
  // A claim held back by the caps per target is short too: after one, the loop waits only this
  // long for places to free. At 5 ms a lone webhook's backlog went out at 7,527-7,776 events/s,
  // at 1 ms at 8,816-9,785/s, for the same CPU per event (bench/events.ts, backlog phase).
  gatherMs: 1,
  recordGatherMs: 5,
  retryS: [60, 300, 1800],
  releaseAllLeasesAtStart: true,
  // 32 per target made a lone webhook fall behind the API that fed it (bench/events.ts, 20,000
  // events: delivery lag p50 1 s against 18 ms with 64 or 256). With the calls made in the
  // webhook thread each takes longer to come back, and 64 held a lone webhook's backlog to
  // 8,626-8,875 events/s against 8,665-10,984 with 128 (four alternating rounds). The room and
  // the account's cap grew with it: a hanging target still holds a quarter of the room at most.
  perTarget: 128,
  perAccount: 256,
  breaker: DEFAULT_BREAKER_OPTIONS,
}
