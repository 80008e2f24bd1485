// deliver_sm / data_sm from the SMSC: delivery receipts go to sink.report, everything else is a
// mobile-originated message, reassembled when concatenated (UDH or SAR) and decoded.
import type { Logger } from 'pino'
import { receiptStateFromNumber } from '../../../domain/dlr/receipt-state.js'
import { parseReceiptText, receiptDateToMs } from '../../../domain/dlr/receipt-text.js'
import { SMPP_STATUS } from '../../../domain/dlr/smpp-errors.js'
import type { CarrierReport, ConnectorSink } from '../connector.js'
import { ESM_INTERMEDIATE, ESM_RECEIPT, readInbound, str } from './inbound-message.js'
import type { InboundMessage } from './inbound-message.js'
import { DATA_CODING, decodeText, latin1 } from './message-codec.js'
import { Reassembler } from './reassembler.js'
import type { SmppPdu, SmppSession } from './smpp-session.js'

/** How long the parts of a concatenated MO wait for the rest before what arrived is delivered. */
const MO_REASSEMBLY_MS = 5 * 60_000

type MoPart = { body: Uint8Array; dataCoding: number; from: string; to: string }

export class InboundHandler {
  #reassembler = new Reassembler<MoPart>(MO_REASSEMBLY_MS)

  constructor(
    private readonly deps: {
      connectorId: string
      sink: ConnectorSink
      log: Logger
      now: () => number
    },
  ) {}

  /** Handles one deliver_sm or data_sm and answers it. */
  handle(session: SmppSession, pdu: SmppPdu): void {
    const message = readInbound(pdu)
    if (!message) return session.respond(pdu, { command_status: SMPP_STATUS.ESME_RSYSERR })
    try {
      if (isReceipt(pdu, message)) this.#receipt(pdu, message)
      else this.#mo(message)
    } catch (err) {
      // The gateway could not take it: a temporary error makes the SMSC send it again later.
      this.deps.log.error({ err, command: pdu.command }, 'inbound PDU not accepted')
      return session.respond(pdu, { command_status: SMPP_STATUS.ESME_RX_T_APPN })
    }
    session.respond(pdu, { message_id: '' })
  }

  #receipt(pdu: SmppPdu, message: InboundMessage): void {
    const text =
      message.dataCoding === DATA_CODING.ucs2
        ? decodeText(message.dataCoding, message.body)
        : latin1(message.body)
    const parsed = parseReceiptText(text)
    const carrierId = str(pdu.receipted_message_id) || parsed?.id
    if (!carrierId) {
      this.deps.log.warn({ command: pdu.command }, 'delivery receipt without a message id ignored')
      return
    }
    const state =
      (typeof pdu.message_state === 'number' ? receiptStateFromNumber(pdu.message_state) : null) ??
      parsed?.state ??
      'UNKNOWN'
    const report: CarrierReport = { carrierId, state }
    const error = parsed?.err ?? networkError(pdu.network_error_code)
    if (error) report.error = error
    const doneAtMs = parsed?.doneDate ? receiptDateToMs(parsed.doneDate) : null
    if (doneAtMs !== null) report.doneAtMs = doneAtMs
    this.deps.sink.report(this.deps.connectorId, report)
  }

  /** Delivers, as far as they arrived, concatenated MOs whose other parts never came. */
  sweep(): void {
    const now = this.deps.now()
    for (const parts of this.#reassembler.expire(now)) this.#deliverMo(parts, now)
  }

  #mo(message: InboundMessage): void {
    const now = this.deps.now()
    const { body, dataCoding, from, to } = message
    const part = { body, dataCoding, from, to }
    const parts = message.concat
      ? this.#reassembler.add(message.from, message.to, message.concat, part, now)
      : [part]
    if (parts) this.#deliverMo(parts, now)
  }

  #deliverMo(parts: MoPart[], now: number): void {
    const first = parts[0]
    if (!first) return
    const text = decodeText(first.dataCoding, Buffer.concat(parts.map((p) => p.body)))
    this.deps.sink.mo(this.deps.connectorId, {
      from: first.from,
      to: first.to,
      text,
      receivedAtMs: now,
    })
  }
}

function isReceipt(pdu: SmppPdu, message: InboundMessage): boolean {
  if (pdu.command === 'data_sm') return str(pdu.receipted_message_id) !== ''
  return (message.esmClass & ESM_RECEIPT) !== 0 || (message.esmClass & 0x3c) === ESM_INTERMEDIATE
}

/** network_error_code TLV: network type octet + 2-octet code → the code, 3 digits. */
function networkError(value: unknown): string | null {
  if (!(value instanceof Uint8Array) || value.length < 3) return null
  return String((value[1]! << 8) | value[2]!).padStart(3, '0')
}
