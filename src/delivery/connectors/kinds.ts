// Every kind of connector in one table: the schema its config must satisfy, checks beyond the
// schema, where its secrets are, and how to make one. The admin API, the secret masking and the
// connector registry all read it; a new kind is one entry here.
import type { TSchema } from '@sinclair/typebox'
import type { ConnectorFactory } from '../connector-registry.js'
import { checkHttpConfig, HttpConnectorConfig } from './http/http-config.js'
import { createSimulatorConnector } from './simulator/simulator-connector.js'
import { SimulatorConfig } from './simulator/simulator-config.js'
import { SmppConnectorConfig } from './smpp/smpp-config.js'
import { createVoiceSimulatorConnector } from './voice-simulator/voice-simulator-connector.js'
import { VoiceSimulatorConfig } from './voice-simulator/voice-simulator-config.js'
import { HttpVoiceConfig } from './http-voice/http-voice-config.js'
import { partsAwaitingReceipt } from '../../store/repositories/awaiting-receipt.repository.js'

export type ConfigProblem = { path: string; message: string }

export type ConnectorKindSpec = {
  schema: TSchema
  /** Run once the config passed the schema. */
  check?: (config: never) => ConfigProblem[]
  secrets: {
    /** Fields that hold a secret and must be set: an update that leaves one out keeps it. */
    required: readonly (readonly string[])[]
    /** Maps of names to values (HTTP headers, parameters) whose secret-looking names hold secrets. */
    namedIn?: readonly string[]
    /** The `url` field may carry a password or secret query values. */
    url?: boolean
  }
  create: ConnectorFactory
}

export const CONNECTOR_KINDS = {
  simulator: {
    schema: SimulatorConfig,
    secrets: { required: [] },
    // Reads back from the store the receipts it still owes when it starts again.
    create: (id, config, sink, log, db) =>
      createSimulatorConnector(id, config as SimulatorConfig, sink, {
        owed: (page) => partsAwaitingReceipt(db, { connectorId: id, ...page }),
        log,
      }),
  },
  smpp: {
    schema: SmppConnectorConfig,
    secrets: { required: [['password']] },
    // Loaded on first use: a gateway without SMPP links never loads the SMPP stack.
    create: async (id, config, sink, log) =>
      (await import('./smpp/smpp-connector.js')).createSmppConnector(
        id,
        config as SmppConnectorConfig,
        sink,
        log,
      ),
  },
  http: {
    schema: HttpConnectorConfig,
    check: checkHttpConfig,
    secrets: { required: [['callbackToken']], namedIn: ['headers', 'params'], url: true },
    // Loaded on first use as well: undici only where an HTTP carrier is configured.
    create: async (id, config, sink, log) =>
      (await import('./http/http-connector.js')).createHttpConnector(
        id,
        config as HttpConnectorConfig,
        sink,
        log,
      ),
  },
  // Voice (text2speech): routes hand these only text2speech messages (connectors/voice.ts).
  'voice-simulator': {
    schema: VoiceSimulatorConfig,
    secrets: { required: [] },
    create: (id, config, sink, log, db) =>
      createVoiceSimulatorConnector(id, config as VoiceSimulatorConfig, sink, {
        owed: (page) => partsAwaitingReceipt(db, { connectorId: id, ...page }),
        log,
      }),
  },
  'http-voice': {
    schema: HttpVoiceConfig,
    secrets: { required: [['callbackToken']], namedIn: ['headers'], url: true },
    create: async (id, config, sink, log) =>
      (await import('./http-voice/http-voice-connector.js')).createHttpVoiceConnector(
        id,
        config as HttpVoiceConfig,
        sink,
        log,
      ),
  },
} as const satisfies Record<string, ConnectorKindSpec>

export type ConnectorKind = keyof typeof CONNECTOR_KINDS
export const CONNECTOR_KIND_NAMES = Object.keys(CONNECTOR_KINDS) as ConnectorKind[]

/** The kind's entry, or undefined for a name that is none (a row written by a newer version). */
export function connectorKind(name: string): ConnectorKindSpec | undefined {
  return Object.hasOwn(CONNECTOR_KINDS, name) ? CONNECTOR_KINDS[name as ConnectorKind] : undefined
}
