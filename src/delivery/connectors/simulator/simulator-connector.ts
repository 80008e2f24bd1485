import { randomUUID } from 'node:crypto'
import { splitBinary } from '../../../domain/encoding/binary.js'
import { splitParts } from '../../../domain/encoding/segments.js'
import type {
  Connector,
  ConnectorSink,
  ConnectorStats,
  OutboundMessage,
  ReceiptState,
  SubmitOutcome,
} from '../connector.js'
import type { SimulatorConfig } from './simulator-config.js'

/** The built-in carrier; it can also originate inbound SMS, for tests and demos. */
export type SimulatorConnector = Connector & {
  originateMo(mo: { from: string; to: string; text: string }): Promise<{ uuid: string } | null>
}

export function isSimulator(c: Connector | undefined): c is SimulatorConnector {
  return c !== undefined && typeof (c as Partial<SimulatorConnector>).originateMo === 'function'
}

const MIX_STATES: Record<string, ReceiptState> = {
  delivered: 'DELIVRD',
  expired: 'EXPIRED',
  rejected: 'REJECTD',
  undeliverable: 'UNDELIV',
}

/**
 * An in-process carrier: answers at once with one id per part and, after `dlrDelayMs`, reports
 * each part with a state drawn from the mix. What a fresh install sends through.
 */
export function createSimulatorConnector(
  id: string,
  config: SimulatorConfig,
  sink: ConnectorSink,
  random: () => number = Math.random,
): SimulatorConnector {
  const weights = Object.entries(config.mix ?? { delivered: 1 }).filter(([, w]) => w > 0)
  const total = weights.reduce((s, [, w]) => s + w, 0)
  const delay = config.dlrDelayMs ?? 200
  const timers = new Set<NodeJS.Timeout>()
  let up = false
  const stats = { submitted: 0, acknowledged: 0, failed: 0 }

  const draw = (): ReceiptState => {
    let x = random() * total
    for (const [name, w] of weights) {
      x -= w
      if (x < 0) return MIX_STATES[name]!
    }
    return 'DELIVRD'
  }

  return {
    id,
    async start() {
      up = true
    },
    async stop() {
      up = false
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
    isUp: () => up,
    async originateMo(mo) {
      if (!up) throw new Error(`simulator ${id} is stopped`)
      return sink.mo(id, { from: mo.from, to: mo.to, receivedAtMs: Date.now(), content: { text: mo.text } })
    },
    async submit(m: OutboundMessage): Promise<SubmitOutcome> {
      stats.submitted++
      if (!up) return { ok: false, retry: true, code: 'LINK_DOWN' }
      const digits = m.phone.replace(/^\+/, '')
      if (config.rejectPrefixes?.some((p) => digits.startsWith(p))) {
        stats.failed++
        return { ok: false, retry: false, code: 'ESME_RINVDSTADR', detail: 'refused by the simulator' }
      }
      const parts = m.binary
        ? m.binary.udh ? 1 : splitBinary(m.binary.data).length
        : splitParts(m.text, m.isUnicode ? 'ucs2' : 'gsm7').length
      const carrierIds = Array.from({ length: Math.max(1, parts) }, () => randomUUID())
      stats.acknowledged++
      for (const carrierId of carrierIds) {
        const t = setTimeout(() => {
          timers.delete(t)
          // A receipt the store refused is logged there; the in-process carrier does not resend.
          sink.report(id, { carrierId, state: draw(), doneAtMs: Date.now() }).catch(() => undefined)
        }, delay)
        timers.add(t)
      }
      return { ok: true, carrierIds }
    },
    stats(): ConnectorStats {
      return { ...stats, inFlight: 0, window: Infinity, ratePerS: null, up }
    },
  }
}

