// Message text ↔ SMPP short_message bytes, addresses ↔ TON/NPI. Pure; shared by the connector and
// the SMSC simulator.
import { decodeGsm7, decodeUcs2, encodeGsm7, encodeUcs2 } from '../../../domain/encoding/gsm7.js'
import type { SmsEncoding } from '../../../domain/encoding/segments.js'

/** data_coding values we send and read (SMPP 3.4 §5.2.19). */
export const DATA_CODING = {
  gsm7: 0x00,
  ia5: 0x01,
  latin1: 0x03,
  binary: 0x04,
  ucs2: 0x08,
} as const

export function encodeText(text: string, encoding: SmsEncoding): Uint8Array {
  return encoding === 'gsm7' ? encodeGsm7(text) : encodeUcs2(text)
}

/**
 * Text of a short_message (UDH removed). GSM is unpacked septets, as SMPP carries it; an SMSC
 * that sends octets ≥ 0x80 under data_coding 0 means Latin-1, so that is the fallback.
 */
export function decodeText(dataCoding: number, bytes: Uint8Array): string {
  const dc = dataCoding & 0xff
  if (dc === DATA_CODING.ucs2) return decodeUcs2(bytes.length % 2 ? bytes.subarray(0, -1) : bytes)
  // 0xF0–0xF3: GSM message class with the default alphabet; 0xF4–0xF7 are 8-bit data.
  if (dc === DATA_CODING.gsm7 || (dc & 0xf4) === 0xf0) {
    try {
      return decodeGsm7(bytes)
    } catch {
      return latin1(bytes)
    }
  }
  return latin1(bytes)
}

export function latin1(bytes: Uint8Array): string {
  let text = ''
  for (const b of bytes) text += String.fromCharCode(b)
  return text
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

/** An address the SMSC sends: international numbers get their '+' back, others stay as sent. */
export function addressText(addr: string, ton: number): string {
  return ton === TON.international && /^\d+$/.test(addr) ? `+${addr}` : addr
}
