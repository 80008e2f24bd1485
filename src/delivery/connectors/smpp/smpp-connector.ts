// The SMPP 3.4 carrier connector: N sessions (transceiver, or transmitter + receiver each), a
// window of outstanding submit_sm per session, a rate over all sessions, both adapted (AIMD) when
// the SMSC throttles; receipts and MO through the sink. Submits wait their turn in arrival order.
import { performance } from 'node:perf_hooks'
import type { Logger } from 'pino'
import { retryRule, smppStatusName } from '../../../domain/dlr/smpp-errors.js'
import type {
  Connector,
  ConnectorSink,
  ConnectorStats,
  OutboundMessage,
  SubmitOutcome,
} from '../connector.js'
import { FlowControl } from './flow-control.js'
import { str } from '../../../smpp/inbound-message.js'
import { resolveSmppConfig } from './smpp-config.js'
import type { ResolvedSmppConfig, SmppConnectorConfig } from './smpp-config.js'
import { InboundHandler } from './smpp-inbound.js'
import { SmppLink } from './smpp-link.js'
import { SmppRequestError } from '../../../smpp/session.js'
import { buildSubmits } from './submit-pdus.js'
import type { SubmitParams } from './submit-pdus.js'

type PartResult =
  | { ok: true; id: string }
  | { ok: false; retry: boolean; code: string; throttle: boolean; detail?: string }

type Waiter = { resolve: (link: SmppLink) => void; reject: (code: string) => void }

/** Attempts for a part whose siblings were accepted, so that a message is not left half sent. */
const PART_ATTEMPTS = 3
/** A part not sent yet in this attempt. */
const PENDING: PartResult = { ok: false, retry: true, code: 'PENDING', throttle: false }

export function createSmppConnector(
  id: string,
  config: SmppConnectorConfig,
  sink: ConnectorSink,
  log: Logger,
): Connector {
  return new SmppConnector(id, resolveSmppConfig(config), sink, log.child({ connectorId: id }))
}

class SmppConnector implements Connector {
  #links: SmppLink[] = []
  #flow: FlowControl
  #inbound: InboundHandler
  #waiters: Waiter[] = []
  #pumpTimer: NodeJS.Timeout | null = null
  #starting: Promise<void> | null = null
  #stopping: Promise<void> | null = null
  #drained: (() => void) | null = null
  #abortStart: (() => void) | null = null
  #active = new Set<Promise<SubmitOutcome>>()
  #counters = { submitted: 0, acknowledged: 0, failed: 0 }

  constructor(
    readonly id: string,
    private readonly cfg: ResolvedSmppConfig,
    sink: ConnectorSink,
    private readonly log: Logger,
  ) {
    this.#flow = new FlowControl(
      { window: cfg.window, ratePerS: cfg.throughputPerS, backoffMs: cfg.throttleBackoffMs },
      performance.now(),
    )
    this.#inbound = new InboundHandler({ connectorId: id, sink, log, now: Date.now })
  }

  start(): Promise<void> {
    this.#starting ??= new Promise<void>((resolve, reject) => {
      if (this.#stopping) return reject(new Error('connector stopped'))
      this.#abortStart = () => reject(new Error('connector stopped before a link came up'))
      const roles =
        this.cfg.bindMode === 'transceiver' ? (['trx'] as const) : (['tx', 'rx'] as const)
      let failures = 0
      const submitters = this.cfg.sessions
      for (let i = 0; i < this.cfg.sessions; i++) {
        for (const role of roles) {
          const link = new SmppLink(
            role,
            `${this.id}#${i}.${role}`,
            this.cfg,
            {
              bound: (l) => {
                if (l.canSubmit) resolve()
                this.#pump()
              },
              down: () => this.#pump(),
              failed: (l, err) => {
                if (l.canSubmit && ++failures === submitters) reject(err)
              },
              message: (l, pdu) => l.session && this.#inbound.handle(l.session, pdu),
            },
            this.log,
          )
          this.#links.push(link)
        }
      }
      for (const link of this.#links) link.start()
    })
    return this.#starting
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop()
    return this.#stopping
  }

  isUp(): boolean {
    return this.#links.some((l) => l.canSubmit && l.bound)
  }

  stats(): ConnectorStats {
    return {
      ...this.#counters,
      inFlight: this.#inFlight(),
      window: this.#flow.window,
      ratePerS: this.#flow.ratePerS,
      up: this.isUp(),
    }
  }

  async submit(message: OutboundMessage): Promise<SubmitOutcome> {
    if (this.#stopping) return { ok: false, retry: true, code: 'CONNECTOR_STOPPED' }
    if (!this.isUp())
      return { ok: false, retry: true, code: 'LINK_DOWN', retryAfterMs: this.cfg.reconnectMinMs }
    this.#counters.submitted++
    const outcome = this.#submit(message)
    this.#active.add(outcome)
    const result = await outcome
    this.#active.delete(outcome)
    if (result.ok) this.#counters.acknowledged++
    else this.#counters.failed++
    return result
  }

  async #submit(message: OutboundMessage): Promise<SubmitOutcome> {
    let submits: SubmitParams[]
    try {
      submits = buildSubmits(message, this.cfg, Date.now())
    } catch (err) {
      return { ok: false, retry: false, code: 'ENCODING_ERROR', detail: String(err) }
    }
    // Parts the carrier took in an earlier attempt are not sent again.
    const earlier = message.acceptedParts
    const results: PartResult[] = submits.map((_, i) => {
      const id = earlier?.get(i + 1)
      return id === undefined ? PENDING : { ok: true, id }
    })
    // Each part queues for its turn now, in order; they travel concurrently.
    const sendMissing = () =>
      Promise.all(
        results.map(async (r, i) => {
          if (!r.ok) results[i] = await this.#sendPart(submits[i]!)
        }),
      )
    await sendMissing()
    for (let attempt = 1; attempt < PART_ATTEMPTS && !this.#stopping; attempt++) {
      const accepted = results.some((r) => r.ok)
      const retryable = results.every((r) => r.ok || r.retry)
      if (!accepted || !retryable || results.every((r) => r.ok)) break
      await sendMissing()
    }
    const failure = results.find((r) => !r.ok && !r.retry) ?? results.find((r) => !r.ok)
    if (!failure || failure.ok) {
      this.log.debug({ smsId: message.smsId, parts: results.length }, 'submitted')
      return { ok: true, carrierIds: results.map((r) => (r.ok ? r.id : '')) }
    }
    const outcome: SubmitOutcome = { ok: false, retry: failure.retry, code: failure.code }
    const accepted = results.flatMap((r, i) => (r.ok ? [{ part: i + 1, carrierId: r.id }] : []))
    if (accepted.length > 0) outcome.accepted = { total: results.length, parts: accepted }
    if (failure.detail) outcome.detail = failure.detail
    if (failure.throttle) outcome.retryAfterMs = this.#flow.backoffMs
    else if (failure.code === 'LINK_DOWN') outcome.retryAfterMs = this.cfg.reconnectMinMs
    return outcome
  }

  async #sendPart(params: SubmitParams): Promise<PartResult> {
    let link: SmppLink
    try {
      link = await this.#acquire()
    } catch (code) {
      return { ok: false, retry: true, code: String(code), throttle: false }
    }
    try {
      const session = link.session
      if (!session) return { ok: false, retry: true, code: 'LINK_DOWN', throttle: false }
      const resp = await session.request('submit_sm', params, {
        timeoutMs: this.cfg.requestTimeoutMs,
      })
      const now = performance.now()
      if (resp.command_status === 0) {
        this.#flow.onSuccess(now)
        return { ok: true, id: str(resp.message_id) }
      }
      const rule = retryRule(resp.command_status)
      if (rule.throttle) this.#flow.onThrottle(now)
      return {
        ok: false,
        retry: rule.retry,
        code: smppStatusName(resp.command_status),
        throttle: !!rule.throttle,
      }
    } catch (err) {
      const code = err instanceof SmppRequestError ? err.code : 'LINK_DOWN'
      return { ok: false, retry: true, code, throttle: false, detail: (err as Error).message }
    } finally {
      link.inFlight--
      if (this.#drained && this.#inFlight() === 0) this.#drained()
      this.#pump()
    }
  }

  #acquire(): Promise<SmppLink> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject })
      this.#pump()
    })
  }

  /** Hands links to waiting parts, in order, as rate and window allow. */
  #pump(): void {
    while (this.#waiters.length > 0) {
      if (this.#stopping) return this.#rejectWaiters('CONNECTOR_STOPPED')
      if (!this.isUp()) return this.#rejectWaiters('LINK_DOWN')
      const now = performance.now()
      const wait = this.#flow.waitMs(now)
      if (wait > 0) {
        if (!this.#pumpTimer) {
          this.#pumpTimer = setTimeout(() => {
            this.#pumpTimer = null
            this.#pump()
          }, wait)
        }
        return
      }
      const window = this.#flow.window
      let best: SmppLink | null = null
      for (const link of this.#links) {
        if (
          link.canSubmit &&
          link.bound &&
          link.inFlight < window &&
          (!best || link.inFlight < best.inFlight)
        ) {
          best = link
        }
      }
      if (!best) return // a response or a bind calls #pump again
      this.#flow.take(now)
      best.inFlight++
      this.#waiters.shift()!.resolve(best)
    }
  }

  #rejectWaiters(code: string): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w.reject(code)
  }

  #inFlight(): number {
    return this.#links.reduce((sum, l) => sum + l.inFlight, 0)
  }

  async #stop(): Promise<void> {
    this.#abortStart?.() // a start still waiting for its first bind settles now (no-op if it did)
    this.#rejectWaiters('CONNECTOR_STOPPED')
    if (this.#pumpTimer) clearTimeout(this.#pumpTimer)
    // Let submits on the wire get their answers (bounded), then unbind every session.
    if (this.#inFlight() > 0) {
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>((resolve) => {
        this.#drained = resolve
        timer = setTimeout(resolve, this.cfg.requestTimeoutMs)
      })
      clearTimeout(timer)
    }
    await Promise.all(this.#links.map((l) => l.stop()))
    await Promise.allSettled([...this.#active])
    this.log.info({ ...this.#counters }, 'SMPP connector stopped')
  }
}
