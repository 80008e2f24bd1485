// deliver_sm / data_sm from the SMSC: delivery receipts go to sink.report, everything else is a
// mobile-originated message (or a part of one, UDH or SAR), answered once the gateway stored it.
import type { Logger } from 'pino'
import { receiptStateFromNumber } from '../../../domain/dlr/receipt-state.js'
import { parseReceiptText, receiptDateToMs } from '../../../domain/dlr/receipt-text.js'
import { SMPP_STATUS } from '../../../domain/dlr/smpp-errors.js'
import type { CarrierMo, CarrierReport, ConnectorSink } from '../connector.js'
import { ESM_INTERMEDIATE, ESM_RECEIPT, readInbound, str } from '../../../smpp/inbound-message.js'
import type { InboundMessage } from '../../../smpp/inbound-message.js'
import { DATA_CODING, decodeText, latin1 } from '../../../smpp/message-codec.js'
import type { SmppPdu, SmppSession } from '../../../smpp/session.js'

export class InboundHandler {
  constructor(
    private readonly deps: {
      connectorId: string
      sink: ConnectorSink
      log: Logger
      now: () => number
    },
  ) {}

  /** Handles one deliver_sm or data_sm and answers it: an MO only once it is stored. */
  handle(session: SmppSession, pdu: SmppPdu): void {
    const message = readInbound(pdu)
    if (!message) return session.respond(pdu, { command_status: SMPP_STATUS.ESME_RSYSERR })
    this.#take(pdu, message).then(
      () => session.respond(pdu, { message_id: '' }),
      (err: unknown) => {
        // The gateway could not take it: a temporary error makes the SMSC send it again later.
        this.deps.log.error({ err, command: pdu.command }, 'inbound PDU not accepted')
        session.respond(pdu, { command_status: SMPP_STATUS.ESME_RX_T_APPN })
      },
    )
  }

  async #take(pdu: SmppPdu, message: InboundMessage): Promise<void> {
    if (isReceipt(pdu, message)) await this.#receipt(pdu, message)
    else await this.deps.sink.mo(this.deps.connectorId, this.#mo(message))
  }

  #receipt(pdu: SmppPdu, message: InboundMessage): Promise<void> {
    const text =
      message.dataCoding === DATA_CODING.ucs2
        ? decodeText(message.dataCoding, message.body)
        : latin1(message.body)
    const parsed = parseReceiptText(text)
    const carrierId = str(pdu.receipted_message_id) || parsed?.id
    if (!carrierId) {
      this.deps.log.warn({ command: pdu.command }, 'delivery receipt without a message id ignored')
      return Promise.resolve()
    }
    const state =
      (typeof pdu.message_state === 'number' ? receiptStateFromNumber(pdu.message_state) : null) ??
      parsed?.state ??
      'UNKNOWN'
    const report: CarrierReport = { carrierId, state }
    if (message.from) report.handset = message.from
    if (parsed?.text) report.text = parsed.text
    const error = parsed?.err ?? networkError(pdu.network_error_code)
    if (error) report.error = error
    const doneAtMs = parsed?.doneDate ? receiptDateToMs(parsed.doneDate) : null
    if (doneAtMs !== null) report.doneAtMs = doneAtMs
    return this.deps.sink.report(this.deps.connectorId, report)
  }

  #mo(message: InboundMessage): CarrierMo {
    const mo: CarrierMo = {
      from: message.from,
      to: message.to,
      receivedAtMs: this.deps.now(),
      content: { dataCoding: message.dataCoding, body: message.body },
    }
    if (message.concat) mo.concat = message.concat
    return mo
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
