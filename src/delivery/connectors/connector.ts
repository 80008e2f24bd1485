// The contract between the dispatcher and a carrier link (SMPP, HTTP, the simulator).
// Connectors pace themselves (throughput and window); the dispatcher only hands them work.
import type { MessageClass } from '../../domain/encoding/data-coding.js'
import type { VoiceLang } from '../../domain/voice/voice-lang.js'

/** What a connector needs to send one message. */
export type OutboundMessage = {
  smsId: string
  /** E.164 with leading + */
  phone: string
  senderId: string
  text: string
  isUnicode: boolean
  /** Parts as counted when the message was accepted. */
  parts: number
  /** Unix ms after which the carrier should give up; null = the connector's default. */
  validUntilMs: number | null
  /** GSM message class (0: flash), sent in data_coding; null: none. */
  messageClass?: MessageClass | null
  /** 8-bit data (data_coding 4) instead of text: the caller's user data header, if any, and payload. */
  binary?: { udh: Uint8Array | null; data: Uint8Array }
  /** A text part with the caller's UDH: sent as one part, UDH included (the caller concatenates). */
  udh?: Uint8Array
  /**
   * Parts the carrier took in an earlier attempt (part number → its id): sent again they would
   * reach the handset twice, so only the others go, under the same concatenation reference.
   */
  acceptedParts?: ReadonlyMap<number, string>
  /** A text2speech message: clean SSML (unknown tags gone) and its language; voice connectors only. */
  voice?: { ssml: string; lang: VoiceLang }
}

export type SubmitOutcome =
  /** Accepted by the carrier: its message id for each part, in part order. */
  | { ok: true; carrierIds: string[] }
  /**
   * Not accepted. `retry` says whether another attempt may succeed (throttling, a lost link)
   * or the carrier refused for good (bad destination, …). `code` is the carrier's error name,
   * e.g. 'ESME_RINVDSTADR', kept on the message.
   */
  | {
      ok: false
      retry: boolean
      code: string
      detail?: string
      retryAfterMs?: number
      /** Parts of a long message the carrier took although others failed: keep their ids. */
      accepted?: { total: number; parts: { part: number; carrierId: string }[] }
    }

import type { ConcatInfo } from '../../domain/encoding/udh.js'

// Delivery receipt states as SMPP names them (SMPP 3.4 appendix B); HTTP carriers map to these.
import type { ReceiptState } from '../../domain/dlr/receipt-state.js'
export { RECEIPT_STATES, type ReceiptState } from '../../domain/dlr/receipt-state.js'

/** A delivery report as a connector received it; correlation happens in the DLR intake. */
export type CarrierReport = {
  carrierId: string
  state: ReceiptState
  /** Network error code from the receipt (`err:`), if any. */
  error?: string
  /** Unix ms the carrier says the state was reached, if it says. */
  doneAtMs?: number
  /** The recipient and the start of the text as the receipt repeats them, to settle messages in doubt. */
  handset?: string
  text?: string
}

/**
 * An inbound message (MO), or one part of a concatenated one, as a connector received it. Parts
 * are joined in the store, where they survive a restart and meet whichever link they came on.
 */
export type CarrierMo = {
  from: string
  to: string
  receivedAtMs: number
  /** Decoded text (HTTP carriers), or the user data without its header and its data_coding. */
  content: { text: string } | { dataCoding: number; body: Uint8Array }
  concat?: ConcatInfo
}

/** How a connector hands what it receives to the gateway. */
export type ConnectorSink = {
  /** Resolves once the report is stored (the carrier may then be answered); rejects if it was not. */
  report(connectorId: string, report: CarrierReport): Promise<void>
  /**
   * Resolves once the message (or part) is stored: only then may the carrier be told it arrived.
   * Gives the stored message's uuid, or null while parts of it are missing.
   */
  mo(connectorId: string, mo: CarrierMo): Promise<{ uuid: string } | null>
}

export type ConnectorStats = {
  submitted: number
  acknowledged: number
  failed: number
  inFlight: number
  window: number
  ratePerS: number | null
  up: boolean
}

export interface Connector {
  readonly id: string
  /** Connects (binds); resolves once the first link is up or rejects with the reason. */
  start(): Promise<void>
  /** Unbinds and closes; submits still in flight resolve (ok or retry) before it returns. */
  stop(): Promise<void>
  /** Whether it can take messages now (at least one bound link). */
  isUp(): boolean
  /**
   * Sends one message, waiting for rate and window as needed. Never rejects: every failure is a
   * SubmitOutcome, so the dispatcher decides what happens to the message.
   */
  submit(message: OutboundMessage): Promise<SubmitOutcome>
  stats(): ConnectorStats
}
