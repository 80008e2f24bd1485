// One outbound message → the submit_sm parameter sets that carry it: GSM (data_coding 0, unpacked
// septets), UCS-2 (8) or 8-bit binary (4); a long message as UDH parts (esm_class 0x40, one
// reference per message) or as one submit_sm with message_payload. Pure: time is passed in.
import { splitBinary, USER_DATA_OCTETS } from '../../../domain/encoding/binary.js'
import { gsm7Septets } from '../../../domain/encoding/gsm7.js'
import { splitParts } from '../../../domain/encoding/segments.js'
import type { SmsEncoding } from '../../../domain/encoding/segments.js'
import { buildConcatUdh } from '../../../domain/encoding/udh.js'
import type { OutboundMessage } from '../connector.js'
import { ESM_UDHI } from './inbound-message.js'
import { DATA_CODING, destinationAddress, encodeText, sourceAddress } from './message-codec.js'

export type SubmitSettings = {
  registeredDelivery: boolean
  validityS?: number | undefined
  longMessages: 'udh' | 'payload'
  sourceTon?: number | undefined
  sourceNpi?: number | undefined
}

export type SubmitParams = Record<string, unknown>

/**
 * The 8-bit concatenation reference of a message, taken from its id so that a retry that sends
 * only the parts still missing uses the reference the handset already holds.
 */
export function concatReference(smsId: string): number {
  const hex = smsId.replace(/-/g, '')
  const ref = Number.parseInt(hex.slice(-2), 16)
  return Number.isNaN(ref) ? 0 : ref
}

export function buildSubmits(
  message: OutboundMessage,
  settings: SubmitSettings,
  nowMs: number,
): SubmitParams[] {
  const ref = concatReference(message.smsId)
  if (message.binary) {
    return binarySubmits(message.binary, baseParams(message, settings, nowMs, 'binary'), settings, ref)
  }
  // A text marked GSM that is not (it should not happen after acceptance) goes as UCS-2 rather
  // than with characters replaced.
  const encoding: SmsEncoding =
    message.isUnicode || ![...message.text].every((ch) => gsm7Septets(ch) > 0) ? 'ucs2' : 'gsm7'
  const base = baseParams(message, settings, nowMs, encoding)
  const chunks = splitParts(message.text, encoding)
  if (chunks.length === 1) return [{ ...base, short_message: encodeText(message.text, encoding) }]
  if (settings.longMessages === 'payload') {
    return [
      {
        ...base,
        short_message: new Uint8Array(0),
        message_payload: encodeText(message.text, encoding),
      },
    ]
  }
  return chunks.map((chunk, i) =>
    withUdh(base, buildConcatUdh({ ref, total: chunks.length, seq: i + 1 }), encodeText(chunk, encoding)),
  )
}

/**
 * Binary data: with the caller's own UDH it is one part (the caller concatenates); without one,
 * data longer than one SMS goes in concatenated parts (or message_payload).
 */
function binarySubmits(
  binary: NonNullable<OutboundMessage['binary']>,
  base: SubmitParams,
  settings: SubmitSettings,
  ref: number,
): SubmitParams[] {
  const { udh, data } = binary
  if (udh) {
    if (udh.length + data.length > USER_DATA_OCTETS) {
      const octets = udh.length + data.length
      throw new RangeError(`UDH and data take ${octets} octets, one SMS holds ${USER_DATA_OCTETS}`)
    }
    return [withUdh(base, udh, data)]
  }
  const chunks = splitBinary(data)
  if (chunks.length === 1) return [{ ...base, short_message: data }]
  if (settings.longMessages === 'payload') {
    return [{ ...base, short_message: new Uint8Array(0), message_payload: data }]
  }
  return chunks.map((chunk, i) =>
    withUdh(base, buildConcatUdh({ ref, total: chunks.length, seq: i + 1 }), chunk),
  )
}

function withUdh(base: SubmitParams, udh: Uint8Array, body: Uint8Array): SubmitParams {
  const data = new Uint8Array(udh.length + body.length)
  data.set(udh)
  data.set(body, udh.length)
  return { ...base, esm_class: ESM_UDHI, short_message: data }
}

function baseParams(
  message: OutboundMessage,
  settings: SubmitSettings,
  nowMs: number,
  coding: SmsEncoding | 'binary',
): SubmitParams {
  const source = sourceAddress(message.senderId)
  const destination = destinationAddress(message.phone)
  return {
    service_type: '',
    source_addr_ton: settings.sourceTon ?? source.ton,
    source_addr_npi: settings.sourceNpi ?? source.npi,
    source_addr: source.addr,
    dest_addr_ton: destination.ton,
    dest_addr_npi: destination.npi,
    destination_addr: destination.addr,
    esm_class: 0,
    protocol_id: 0,
    priority_flag: 0,
    schedule_delivery_time: '',
    validity_period: validityPeriod(message.validUntilMs, settings.validityS, nowMs),
    registered_delivery: settings.registeredDelivery ? 1 : 0,
    replace_if_present_flag: 0,
    data_coding: DATA_CODING[coding],
    sm_default_msg_id: 0,
  }
}

/**
 * validity_period (SMPP 3.4 §7.1.1): the message's own deadline as absolute UTC time
 * "YYMMDDhhmmsst00+", else the configured relative period "YYMMDDhhmmss000R", else '' (the
 * SMSC's default).
 */
export function validityPeriod(
  validUntilMs: number | null,
  validityS: number | undefined,
  nowMs: number,
): string {
  if (validUntilMs !== null) {
    const d = new Date(Math.max(validUntilMs, nowMs))
    return (
      two(d.getUTCFullYear() % 100) +
      two(d.getUTCMonth() + 1) +
      two(d.getUTCDate()) +
      two(d.getUTCHours()) +
      two(d.getUTCMinutes()) +
      two(d.getUTCSeconds()) +
      String(Math.floor(d.getUTCMilliseconds() / 100)) +
      '00+'
    )
  }
  if (validityS === undefined) return ''
  const days = Math.floor(validityS / 86_400)
  const rest = validityS % 86_400
  return `0000${two(days)}${two(Math.floor(rest / 3600))}${two(Math.floor((rest % 3600) / 60))}${two(rest % 60)}000R`
}

function two(n: number): string {
  return String(n).padStart(2, '0')
}
