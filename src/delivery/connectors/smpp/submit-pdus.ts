// One outbound message → the submit_sm parameter sets that carry it: GSM (data_coding 0, unpacked
// septets) or UCS-2 (8); a long text as UDH parts (esm_class 0x40, one reference per message) or
// as one submit_sm with message_payload. Pure: time and reference are passed in.
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

export function buildSubmits(
  message: OutboundMessage,
  settings: SubmitSettings,
  ref: number,
  nowMs: number,
): SubmitParams[] {
  // A text marked GSM that is not (it should not happen after acceptance) goes as UCS-2 rather
  // than with characters replaced.
  const encoding: SmsEncoding =
    message.isUnicode || ![...message.text].every((ch) => gsm7Septets(ch) > 0) ? 'ucs2' : 'gsm7'
  const source = sourceAddress(message.senderId)
  const destination = destinationAddress(message.phone)
  const base: SubmitParams = {
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
    data_coding: DATA_CODING[encoding],
    sm_default_msg_id: 0,
  }
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
  return chunks.map((chunk, i) => {
    const udh = buildConcatUdh({ ref: ref & 0xff, total: chunks.length, seq: i + 1 })
    const text = encodeText(chunk, encoding)
    const data = new Uint8Array(udh.length + text.length)
    data.set(udh)
    data.set(text, udh.length)
    return { ...base, esm_class: ESM_UDHI, short_message: data }
  })
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
