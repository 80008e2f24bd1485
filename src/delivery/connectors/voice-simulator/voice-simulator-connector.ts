import { randomUUID } from 'node:crypto'
import {
  CALL_OUTCOME_RECEIPTS,
  CALL_OUTCOMES,
  type CallOutcome,
} from '../../../domain/voice/call-outcome.js'
import type { ConnectorSink, ConnectorStats, OutboundMessage, SubmitOutcome } from '../connector.js'
import type { VoiceConnector } from '../voice.js'
import type { VoiceSimulatorConfig } from './voice-simulator-config.js'

/** Receipts it reads back per query at start. */
const OWED_PAGE = 1000

export type VoiceSimulatorOptions = {
  /** A page of the call ids whose outcome it still owed when its process stopped. */
  owed?: (page: { after: string | null; limit: number }) => Promise<string[]>
  log?: { info(o: object, msg: string): void; error(o: object, msg: string): void }
  random?: () => number
}

/**
 * An in-process voice carrier: answers a call request at once with a call id and, `callMs`
 * later, reports the call's outcome drawn from the mix (answered, busy, no answer, failed) as
 * a delivery report, as the SMS simulator reports receipts. Outcomes a stop cut short are read
 * back from the store at the next start.
 */
export function createVoiceSimulatorConnector(
  id: string,
  config: VoiceSimulatorConfig,
  sink: ConnectorSink,
  opts: VoiceSimulatorOptions = {},
): VoiceConnector {
  const random = opts.random ?? Math.random
  const mix: Partial<Record<CallOutcome, number>> = config.mix ?? { answered: 1 }
  const weights = CALL_OUTCOMES.map((o) => [o, mix[o] ?? 0] as const).filter(([, w]) => w > 0)
  const total = weights.reduce((s, [, w]) => s + w, 0)
  const delay = config.callMs ?? 200
  const timers = new Set<NodeJS.Timeout>()
  const stats = { submitted: 0, acknowledged: 0, failed: 0 }
  let up = false
  let resuming: Promise<void> = Promise.resolve()

  const draw = (): CallOutcome => {
    let x = random() * total
    for (const [outcome, w] of weights) {
      x -= w
      if (x < 0) return outcome
    }
    return 'answered'
  }

  const schedule = (callId: string) => {
    const t = setTimeout(() => {
      timers.delete(t)
      const { state, error } = CALL_OUTCOME_RECEIPTS[draw()]
      const report = { carrierId: callId, state, doneAtMs: Date.now(), ...(error ? { error } : {}) }
      // A report the store refused is logged there; it is sent again at the next start.
      sink.report(id, report).catch(() => undefined)
    }, delay)
    timers.add(t)
  }

  const resume = async (owed: NonNullable<VoiceSimulatorOptions['owed']>) => {
    let after: string | null = null
    for (;;) {
      const page = await owed({ after, limit: OWED_PAGE })
      if (!up) return
      for (const callId of page) schedule(callId)
      if (page.length < OWED_PAGE) break
      after = page[page.length - 1]!
    }
  }

  return {
    id,
    channel: 'voice',
    async start() {
      up = true
      const owed = opts.owed
      if (owed) {
        resuming = resume(owed).catch((err: unknown) =>
          opts.log?.error({ err, connectorId: id }, 'reading the calls the simulator owed failed'),
        )
      }
    },
    async stop() {
      up = false
      await resuming
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
    isUp: () => up,
    async submit(m: OutboundMessage): Promise<SubmitOutcome> {
      stats.submitted++
      if (!up) return { ok: false, retry: true, code: 'LINK_DOWN' }
      if (!m.voice) {
        stats.failed++
        return {
          ok: false,
          retry: false,
          code: 'NOT_VOICE',
          detail: 'a voice connector places calls',
        }
      }
      const digits = m.phone.replace(/^\+/, '')
      if (config.rejectPrefixes?.some((p) => digits.startsWith(p))) {
        stats.failed++
        return { ok: false, retry: false, code: 'CALL_REFUSED', detail: 'refused by the simulator' }
      }
      const callId = randomUUID()
      stats.acknowledged++
      schedule(callId)
      return { ok: true, carrierIds: [callId] }
    },
    stats(): ConnectorStats {
      return { ...stats, inFlight: timers.size, window: Infinity, ratePerS: null, up }
    },
  }
}
