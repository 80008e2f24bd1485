// Message text ↔ SMPP short_message bytes, addresses ↔ TON/NPI. Pure; shared by the connector and
// the SMSC simulator.
import { encodeGsm7, encodeUcs2 } from '../domain/encoding/gsm7.js'
export {
  DATA_CODING,
  decodeText,
  latin1,
  withMessageClass,
} from '../domain/encoding/data-coding.js'
import type { SmsEncoding } from '../domain/encoding/segments.js'

export function encodeText(text: string, encoding: SmsEncoding): Uint8Array {
  return encoding === 'gsm7' ? encodeGsm7(text) : encodeUcs2(text)
}

export type SmppAddress = { ton: number; npi: number; addr: string }

export const TON = {
  unknown: 0,
  international: 1,
  national: 2,
  network: 3,
  alphanumeric: 5,
} as const
export const NPI = { unknown: 0, isdn: 1 } as const

/**
 * TON/NPI for a sender: alphanumeric → 5/0; numeric with '+' or at least 8 digits → 1/1 (E.164
 * without '+'); a shorter number (short code) → 3/0.
 */
export function sourceAddress(sender: string): SmppAddress {
  const numeric = /^\+?\d+$/.test(sender)
  if (!numeric) return { ton: TON.alphanumeric, npi: NPI.unknown, addr: sender }
  const digits = sender.replace(/^\+/, '')
  if (sender.startsWith('+') || digits.length >= 8) {
    return { ton: TON.international, npi: NPI.isdn, addr: digits }
  }
  return { ton: TON.network, npi: NPI.unknown, addr: digits }
}

/** A destination in E.164 (with or without '+') → international ISDN digits. */
export function destinationAddress(phone: string): SmppAddress {
  return { ton: TON.international, npi: NPI.isdn, addr: phone.replace(/^\+/, '') }
}

/** The six address fields of a submit_sm or deliver_sm. */
export function addressFields(source: SmppAddress, destination: SmppAddress) {
  return {
    source_addr_ton: source.ton,
    source_addr_npi: source.npi,
    source_addr: source.addr,
    dest_addr_ton: destination.ton,
    dest_addr_npi: destination.npi,
    destination_addr: destination.addr,
  }
}

/** An address the SMSC sends: international numbers get their '+' back, others stay as sent. */
export function addressText(addr: string, ton: number): string {
  return ton === TON.international && /^\d+$/.test(addr) ? `+${addr}` : addr
}
