// What the rest of a process may ask of its delivery engine, wherever the engine runs: in the
// same thread, in a thread of its own (calls cross a message port), or not in this process at
// all. The HTTP surfaces are given one of these when they are built.
import type { ConnectorStats } from '../delivery/connectors/connector.js'
import type { SmsHandOff } from './sms/hand-off.js'

export type HttpCallbackResult = 'ok' | 'unknown-connector' | 'forbidden' | 'bad-request' | 'no-mo'

export type SimulatedMo = { connector?: string | undefined; from: string; to: string; text: string }

export interface DeliveryPort {
  /** Whether an engine runs in this process; false: the calls below answer as for none. */
  readonly local: boolean
  /** Takes accepted messages straight to the dispatcher; null: they wait in the queue for it. */
  readonly handOff: SmsHandOff | null
  /** Applies connector and route changes at once (other processes reload within seconds). */
  configChanged(): Promise<void>
  /** The live state of a connector; null where it does not run here. */
  connectorState(id: string): Promise<ConnectorStats | null>
  /** Hands what a carrier sends to its HTTP connector: a delivery report, or (`mo`) an inbound SMS. */
  httpCallback(
    connectorId: string,
    kind: 'dlr' | 'mo',
    params: Record<string, string>,
  ): Promise<HttpCallbackResult>
  /** A simulator connector originates an inbound SMS, which takes the path of every other. */
  simulateMo(mo: SimulatedMo): Promise<{ uuid: string } | 'no-simulator'>
}

/** A process without a delivery engine (the `api` and `events` roles). */
export const NO_DELIVERY: DeliveryPort = {
  local: false,
  handOff: null,
  configChanged: async () => undefined,
  connectorState: async () => null,
  httpCallback: async () => 'unknown-connector',
  simulateMo: async () => 'no-simulator',
}
