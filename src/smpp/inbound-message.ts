// What a deliver_sm, data_sm or submit_sm carries, read from its raw bytes: addresses, coding,
// the user data without its UDH, and where it belongs in a concatenated message (UDH or SAR).
import { parseUdh } from '../domain/encoding/udh.js'
import type { ConcatInfo } from '../domain/encoding/udh.js'
import { addressText } from './message-codec.js'
import { messageBytes } from './session.js'
import type { SmppPdu } from './session.js'

export const ESM_UDHI = 0x40
export const ESM_RECEIPT = 0x04
export const ESM_INTERMEDIATE = 0x20

export type InboundMessage = {
  from: string
  to: string
  /** As sent, for the SMSC simulator's bookkeeping. */
  sourceAddr: string
  destinationAddr: string
  esmClass: number
  dataCoding: number
  registeredDelivery: number
  /** User data after any UDH: short_message, or message_payload when present. */
  body: Uint8Array
  concat: ConcatInfo | null
}

export function readInbound(pdu: SmppPdu): InboundMessage | null {
  const bytes = messageBytes(pdu)
  if (!bytes) return null
  const esmClass = num(pdu.esm_class)
  let data =
    bytes.messagePayload && bytes.messagePayload.length > 0
      ? bytes.messagePayload
      : bytes.shortMessage
  let concat: ConcatInfo | null = null
  if (esmClass & ESM_UDHI) {
    const udh = parseUdh(data)
    if (udh) {
      data = data.subarray(udh.headerLength)
      if (udh.concat) concat = { ref: udh.concat.ref, total: udh.concat.total, seq: udh.concat.seq }
    }
  }
  const total = num(pdu.sar_total_segments)
  const seq = num(pdu.sar_segment_seqnum)
  if (!concat && pdu.sar_msg_ref_num !== undefined && total >= 1 && seq >= 1 && seq <= total) {
    concat = { ref: num(pdu.sar_msg_ref_num), total, seq }
  }
  const sourceAddr = str(pdu.source_addr)
  const destinationAddr = str(pdu.destination_addr)
  return {
    from: addressText(sourceAddr, num(pdu.source_addr_ton)),
    to: addressText(destinationAddr, num(pdu.dest_addr_ton)),
    sourceAddr,
    destinationAddr,
    esmClass,
    dataCoding: num(pdu.data_coding),
    registeredDelivery: num(pdu.registered_delivery),
    body: data,
    concat,
  }
}

export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
