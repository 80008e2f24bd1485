// A submit_sm read as the gateway's send command: addresses by TON/NPI, text by data_coding,
// concatenation by UDH or SAR, times absolute or relative. Pure: the session calls the service.
import { SMPP_STATUS } from '../domain/dlr/smpp-errors.js'
import type { MessageClass } from '../domain/encoding/data-coding.js'
import type { ConcatInfo } from '../domain/encoding/udh.js'
import type { SendSmsCommand, SmsPayload } from '../services/sms/send-command.js'
import { readInbound, str } from '../smpp/inbound-message.js'
import { DATA_CODING, decodeText } from '../smpp/message-codec.js'
import type { SmppPdu } from '../smpp/pdu-codec.js'
import { parseSmppTime } from './smpp-time.js'

/** What a submit_sm asks, before it is known whether it is the whole message or one part. */
export type SubmitRequest = {
  from: string
  to: string
  /** data_coding without its message class. */
  alphabet: 'gsm7' | 'latin1' | 'ucs2' | 'binary'
  messageClass: MessageClass | null
  /** User data without the UDH. */
  body: Uint8Array
  concat: ConcatInfo | null
  /** The UDH of a binary message that is not a concatenation (ports, …), sent as given. */
  udh: Uint8Array | null
  serviceType: string | null
  sendAt: number | null
  validityS: number | null
  /** Bits 0–1 of registered_delivery: 0 none, 1 success and failure, 2 failure only. */
  receipt: 0 | 1 | 2
}

export type ReadResult = { ok: true; request: SubmitRequest } | { ok: false; status: number }

const MAX_ADDRESS = 20

const fail = (status: number): ReadResult => ({ ok: false, status })

/** Reads a submit_sm; a field SMPP does not allow answers with the status that names it. */
export function readSubmit(pdu: SmppPdu, nowS: number): ReadResult {
  const sourceAddr = str(pdu.source_addr)
  const destinationAddr = str(pdu.destination_addr)
  if (sourceAddr.length > MAX_ADDRESS) return fail(SMPP_STATUS.ESME_RINVSRCADR)
  if (destinationAddr.length > MAX_ADDRESS || destinationAddr === '')
    return fail(SMPP_STATUS.ESME_RINVDSTADR)
  if (num(pdu.source_addr_ton) > 6) return fail(SMPP_STATUS.ESME_RINVSRCTON)
  if (num(pdu.dest_addr_ton) > 6) return fail(SMPP_STATUS.ESME_RINVDSTTON)
  if (str(pdu.service_type).length > 5) return fail(SMPP_STATUS.ESME_RINVSERTYP)
  const short = pdu.short_message instanceof Uint8Array ? pdu.short_message : null
  const payload = pdu.message_payload instanceof Uint8Array ? pdu.message_payload : null
  // §5.3.2.32: with message_payload, short_message must be empty.
  if (payload && payload.length > 0 && short && short.length > 0)
    return fail(SMPP_STATUS.ESME_RINVMSGLEN)
  const inbound = readInbound(pdu)
  if (!inbound) return fail(SMPP_STATUS.ESME_RSYSERR)
  const coding = codingOf(inbound.dataCoding)
  if (!coding) return fail(SMPP_STATUS.ESME_RINVDCS)
  let udh: Uint8Array | null = null
  if (coding.alphabet === 'binary' && inbound.esmClass & 0x40 && !inbound.concat) {
    const data = payload && payload.length > 0 ? payload : (short ?? new Uint8Array(0))
    udh = data.subarray(0, inbound.body.byteOffset - data.byteOffset)
  }
  let sendAt: number | null
  let validUntil: number | null
  try {
    sendAt = parseSmppTime(str(pdu.schedule_delivery_time), nowS)
  } catch {
    return fail(SMPP_STATUS.ESME_RINVSCHED)
  }
  try {
    validUntil = parseSmppTime(str(pdu.validity_period), nowS)
  } catch {
    return fail(SMPP_STATUS.ESME_RINVEXPIRY)
  }
  const start = sendAt !== null && sendAt > nowS ? sendAt : nowS
  if (validUntil !== null && validUntil <= start) return fail(SMPP_STATUS.ESME_RINVEXPIRY)
  const rd = num(pdu.registered_delivery) & 0x03
  return {
    ok: true,
    request: {
      from: inbound.from,
      to: inbound.to,
      alphabet: coding.alphabet,
      messageClass: coding.messageClass,
      body: inbound.body,
      concat: inbound.concat && inbound.concat.total > 1 ? inbound.concat : null,
      udh,
      serviceType: str(pdu.service_type) || null,
      sendAt,
      validityS: validUntil === null ? null : validUntil - start,
      receipt: rd === 3 ? 1 : (rd as 0 | 1 | 2),
    },
  }
}

/** The send command of a whole message: one request, or the parts of one in order. */
export function sendCommandOf(
  parts: readonly SubmitRequest[],
): Omit<SendSmsCommand, 'principal' | 'ip'> {
  const first = parts[0]!
  let payload: SmsPayload
  if (first.alphabet === 'binary') {
    payload = { kind: 'binary', data: concatBytes(parts.map((p) => p.body)), udh: first.udh }
  } else {
    const dc =
      first.alphabet === 'ucs2'
        ? DATA_CODING.ucs2
        : first.alphabet === 'latin1'
          ? DATA_CODING.latin1
          : DATA_CODING.gsm7
    const text = parts.map((p) => decodeText(dc, p.body)).join('')
    payload = { kind: 'text', text, encoding: first.alphabet === 'ucs2' ? 'ucs2' : 'auto' }
  }
  return {
    to: first.to,
    from: first.from,
    payload,
    serviceCode: first.serviceType,
    sendAt: first.sendAt,
    callbackData: null,
    source: null,
    voiceLang: null,
    textDeleted: null,
    messageClass: first.messageClass,
    validityS: first.validityS,
  }
}

/** data_coding → alphabet and class (GSM 03.38 groups 00xx and 1111); null: not supported. */
function codingOf(
  dc: number,
): { alphabet: SubmitRequest['alphabet']; messageClass: MessageClass | null } | null {
  if (dc === DATA_CODING.gsm7 || dc === DATA_CODING.ia5)
    return { alphabet: 'gsm7', messageClass: null }
  if (dc === DATA_CODING.latin1) return { alphabet: 'latin1', messageClass: null }
  if (dc === DATA_CODING.ucs2) return { alphabet: 'ucs2', messageClass: null }
  if (dc === DATA_CODING.binary || dc === 0x02) return { alphabet: 'binary', messageClass: null }
  if ((dc & 0xf0) === 0xf0) {
    return { alphabet: dc & 0x04 ? 'binary' : 'gsm7', messageClass: (dc & 0x03) as MessageClass }
  }
  if ((dc & 0xf0) === 0x10) {
    const alphabet = (['gsm7', 'binary', 'ucs2', 'binary'] as const)[(dc >> 2) & 3]!
    return { alphabet, messageClass: (dc & 0x03) as MessageClass }
  }
  return null
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)))
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0
}
