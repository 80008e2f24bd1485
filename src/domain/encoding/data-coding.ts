// SMPP data_coding values and the text they carry: shared by the SMPP connector, the SMSC
// simulator and the reassembly of inbound messages, which may happen long after the bytes arrived.
import { decodeGsm7, decodeUcs2 } from './gsm7.js'

/** data_coding values we send and read (SMPP 3.4 §5.2.19). */
export const DATA_CODING = {
  gsm7: 0x00,
  ia5: 0x01,
  latin1: 0x03,
  binary: 0x04,
  ucs2: 0x08,
} as const

/** GSM 03.38 message classes: 0 flash (shown, not stored), 1 phone, 2 SIM, 3 terminal equipment. */
export type MessageClass = 0 | 1 | 2 | 3

/**
 * The data_coding of a message with a class (GSM 03.38 §4, coding group 0001xxxx: the class is
 * meaningful, bits 3–2 name the alphabet). Without a class the plain SMPP value stays.
 */
export function withMessageClass(dataCoding: number, messageClass: MessageClass | null): number {
  if (messageClass === null) return dataCoding
  const alphabet =
    dataCoding === DATA_CODING.ucs2 ? 0b10 : dataCoding === DATA_CODING.binary ? 0b01 : 0b00
  return 0x10 | (alphabet << 2) | messageClass
}

/**
 * Text of a short_message (UDH removed). GSM is unpacked septets, as SMPP carries it; an SMSC
 * that sends octets ≥ 0x80 under data_coding 0 means Latin-1, so that is the fallback.
 */
export function decodeText(dataCoding: number, bytes: Uint8Array): string {
  const dc = alphabetOf(dataCoding & 0xff)
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

/** Group 00xx of GSM 03.38 above the SMPP values (0x10–0x3F): the alphabet in bits 3–2. */
function alphabetOf(dc: number): number {
  if (dc < 0x10 || dc > 0x3f) return dc
  return [DATA_CODING.gsm7, DATA_CODING.binary, DATA_CODING.ucs2, DATA_CODING.binary][
    (dc >> 2) & 3
  ]!
}

export function latin1(bytes: Uint8Array): string {
  let text = ''
  for (const b of bytes) text += String.fromCharCode(b)
  return text
}
