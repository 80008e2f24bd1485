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
  /** Receipts it still owes (their delay has not passed). */
  held(): number
}

/** Receipts it reads back per query at start. */
const OWED_PAGE = 1000

export type SimulatorOptions = {
  /**
   * A page of the carrier ids this connector took whose message still waits for a final
   * receipt: what it owed when its process stopped, sent at start.
   */
  owed?: (page: { after: string | null; limit: number }) => Promise<string[]>
  log?: { info(o: object, msg: string): void; error(o: object, msg: string): void }
  random?: () => number
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
 * each part with a state drawn from the mix. What a fresh install sends through. Its receipts
 * wait in timers: those a stop cut short are read back from the store at the next start and
 * sent then, as a real carrier sends its receipts once the link is back.
 */
export function createSimulatorConnector(
  id: string,
  config: SimulatorConfig,
  sink: ConnectorSink,
  opts: SimulatorOptions = {},
): SimulatorConnector {
  const random = opts.random ?? Math.random
  const weights = Object.entries(config.mix ?? { delivered: 1 }).filter(([, w]) => w > 0)
  const total = weights.reduce((s, [, w]) => s + w, 0)
  const delay = config.dlrDelayMs ?? 200
  const timers = new Set<NodeJS.Timeout>()
  let up = false
  let resuming: Promise<void> = Promise.resolve()
  const stats = { submitted: 0, acknowledged: 0, failed: 0 }

  const schedule = (carrierId: string) => {
    const t = setTimeout(() => {
      timers.delete(t)
      // A receipt the store refused is logged there; it is sent again at the next start.
      sink.report(id, { carrierId, state: draw(), doneAtMs: Date.now() }).catch(() => undefined)
    }, delay)
    timers.add(t)
  }

  const resume = async (owed: NonNullable<SimulatorOptions['owed']>) => {
    let after: string | null = null
    let count = 0
    for (;;) {
      const page = await owed({ after, limit: OWED_PAGE })
      if (!up) return
      for (const carrierId of page) schedule(carrierId)
      count += page.length
      if (page.length < OWED_PAGE) break
      after = page[page.length - 1]!
    }
    if (count > 0) {
      const msg = 'simulator sends the receipts it owed before the restart'
      opts.log?.info({ connectorId: id, receipts: count }, msg)
    }
  }

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
      const owed = opts.owed
      if (owed) {
        resuming = resume(owed).catch((err: unknown) => {
          const msg = 'reading the receipts the simulator owed failed'
          opts.log?.error({ err, connectorId: id }, msg)
        })
      }
    },
    async stop() {
      up = false
      await resuming
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
    isUp: () => up,
    held: () => timers.size,
    async originateMo(mo) {
      if (!up) throw new Error(`simulator ${id} is stopped`)
      return sink.mo(id, {
        from: mo.from,
        to: mo.to,
        receivedAtMs: Date.now(),
        content: { text: mo.text },
      })
    },
    async submit(m: OutboundMessage): Promise<SubmitOutcome> {
      stats.submitted++
      if (!up) return { ok: false, retry: true, code: 'LINK_DOWN' }
      const digits = m.phone.replace(/^\+/, '')
      if (config.rejectPrefixes?.some((p) => digits.startsWith(p))) {
        stats.failed++
        return {
          ok: false,
          retry: false,
          code: 'ESME_RINVDSTADR',
          detail: 'refused by the simulator',
        }
      }
      const parts = m.binary
        ? m.binary.udh
          ? 1
          : splitBinary(m.binary.data).length
        : m.udh
          ? 1
          : splitParts(m.text, m.isUnicode ? 'ucs2' : 'gsm7').length
      const carrierIds = Array.from({ length: Math.max(1, parts) }, () => randomUUID())
      stats.acknowledged++
      for (const carrierId of carrierIds) schedule(carrierId)
      return { ok: true, carrierIds }
    },
    stats(): ConnectorStats {
      return { ...stats, inFlight: 0, window: Infinity, ratePerS: null, up }
    },
  }
}
