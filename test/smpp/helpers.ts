// Shared pieces of the SMPP integration tests: a recording sink, bounded waiting, and a tiny
// dispatcher that resubmits what the connector says to retry.
import pino from 'pino'
import type {
  CarrierMo,
  CarrierReport,
  Connector,
  ConnectorSink,
  OutboundMessage,
  SubmitOutcome,
} from '../../src/delivery/connectors/connector.js'
import { createSmppConnector } from '../../src/delivery/connectors/smpp/smpp-connector.js'
import type { SmppConnectorConfig } from '../../src/delivery/connectors/smpp/smpp-config.js'
import type { SmscSim } from '../../src/smsc-sim/smsc-sim.js'

export const SYSTEM_ID = 'taube'
export const PASSWORD = 'secret'
export const silentLog = pino({ level: 'silent' })

export type RecordingSink = ConnectorSink & { reports: CarrierReport[]; mos: CarrierMo[] }

export function recordingSink(): RecordingSink {
  const reports: CarrierReport[] = []
  const mos: CarrierMo[] = []
  return {
    reports,
    mos,
    report: async (_id, report) => {
      reports.push(report)
    },
    mo: async (_id, mo) => {
      mos.push(mo)
      return null
    },
  }
}

export function connectorFor(
  sim: Pick<SmscSim, 'port'>,
  sink: ConnectorSink,
  config: Partial<SmppConnectorConfig> = {},
): Connector {
  return createSmppConnector(
    'smsc1',
    {
      host: '127.0.0.1',
      port: sim.port,
      systemId: SYSTEM_ID,
      password: PASSWORD,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
      ...config,
    },
    sink,
    silentLog,
  )
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

let nextId = 0
export function message(over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    smsId: `sms-${++nextId}`,
    phone: '+491701234567',
    senderId: 'Taube',
    text: 'Hello from Taube',
    isUnicode: false,
    parts: 1,
    validUntilMs: null,
    ...over,
  }
}

/**
 * What the dispatcher does: submit, and submit again after retryAfterMs while the outcome says
 * retry. Returns every outcome seen, the final one last.
 */
export async function deliver(
  connector: Connector,
  msg: OutboundMessage,
  maxAttempts = 200,
): Promise<SubmitOutcome[]> {
  const outcomes: SubmitOutcome[] = []
  for (let i = 0; i < maxAttempts; i++) {
    const outcome = await connector.submit(msg)
    outcomes.push(outcome)
    if (outcome.ok || !outcome.retry) return outcomes
    await new Promise((resolve) => setTimeout(resolve, outcome.retryAfterMs ?? 20))
  }
  throw new Error(`${msg.smsId} still retrying after ${maxAttempts} attempts`)
}
