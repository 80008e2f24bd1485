// GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1), its extension table, and the 7-bit packing
// used in SMS PDUs (TS 23.040 §9.2.3.24).

// UCS-2 lives in its own file; re-exported so callers can get both codecs from one place.
export { decodeUcs2, encodeUcs2 } from './ucs2.js'

const ESC = 0x1b

/** Index = septet value. 0x1B is the escape to the extension table, not a user character. */
export const GSM7_BASIC: string = [
  '@£$¥èéùìòÇ\nØø\rÅå', // 0x00
  'Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ', // 0x10
  ' !"#¤%&\'()*+,-./', // 0x20
  '0123456789:;<=>?', // 0x30
  '¡ABCDEFGHIJKLMNO', // 0x40
  'PQRSTUVWXYZÄÖÑÜ§', // 0x50
  '¿abcdefghijklmno', // 0x60
  'pqrstuvwxyzäöñüà', // 0x70
].join('')

/** Characters sent as ESC + code; each costs two septets. */
export const GSM7_EXTENSION: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
])

const BASIC_CODES: ReadonlyMap<string, number> = new Map(
  [...GSM7_BASIC].flatMap((ch, code) => (code === ESC ? [] : [[ch, code] as const])),
)

const EXTENSION_CHARS: ReadonlyMap<number, string> = new Map(
  [...GSM7_EXTENSION].map(([ch, code]) => [code, ch] as const),
)

// TS 23.038: extension code 0x1B is reserved for a further table; receivers show a space.
const EXTENSION_RESERVED_SPACE = 0x1b

/** Septets needed for one character (a code point string): 1 basic, 2 extension, 0 not GSM. */
export function gsm7Septets(ch: string): 0 | 1 | 2 {
  if (BASIC_CODES.has(ch)) return 1
  if (GSM7_EXTENSION.has(ch)) return 2
  return 0
}

/** Unpacked septets, one per byte, ESC before each extension character. */
export function encodeGsm7(text: string): Uint8Array {
  const septets: number[] = []
  for (const ch of text) {
    const basic = BASIC_CODES.get(ch)
    if (basic !== undefined) {
      septets.push(basic)
      continue
    }
    const extension = GSM7_EXTENSION.get(ch)
    if (extension === undefined) {
      const hex = ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')
      throw new RangeError(`U+${hex} is not in the GSM 03.38 alphabet`)
    }
    septets.push(ESC, extension)
  }
  return Uint8Array.from(septets)
}

export function decodeGsm7(bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i++) {
    const code = septetAt(bytes, i)
    if (code !== ESC) {
      text += GSM7_BASIC[code]
      continue
    }
    // A lone ESC at the end carries no character.
    if (i + 1 >= bytes.length) break
    const next = septetAt(bytes, ++i)
    if (next === EXTENSION_RESERVED_SPACE) {
      text += ' '
      continue
    }
    // TS 23.038: an undefined extension code is displayed as the basic character of that code.
    text += EXTENSION_CHARS.get(next) ?? GSM7_BASIC[next]
  }
  return text
}

function septetAt(bytes: Uint8Array, i: number): number {
  const value = bytes[i] ?? 0
  if (value > 0x7f) throw new RangeError(`Byte ${i} (0x${value.toString(16)}) is not a septet`)
  return value
}

/**
 * Packs septets LSB first. `paddingBits` (0..6) are zero bits put before the first septet so
 * that it starts on a septet boundary after a User Data Header.
 * When 7 bits are left over in the last byte, TS 23.038 asks for CR as filler so a receiver
 * does not read a trailing '@'; the PDU builder knows the septet count, so it decides.
 */
export function packGsm7(septets: Uint8Array, paddingBits = 0): Uint8Array {
  assertPadding(paddingBits)
  const out = new Uint8Array(Math.ceil((paddingBits + septets.length * 7) / 8))
  let bit = paddingBits
  for (let i = 0; i < septets.length; i++) {
    const septet = septetAt(septets, i)
    const index = bit >> 3
    const shift = bit & 7
    out[index] = (out[index] ?? 0) | ((septet << shift) & 0xff)
    // Bits that overflow this byte go into the low bits of the next one.
    if (shift > 1) out[index + 1] = (out[index + 1] ?? 0) | (septet >> (8 - shift))
    bit += 7
  }
  return out
}

/** Reverse of packGsm7: reads `septetCount` septets after `paddingBits` leading bits. */
export function unpackGsm7(bytes: Uint8Array, septetCount: number, paddingBits = 0): Uint8Array {
  assertPadding(paddingBits)
  if (!Number.isInteger(septetCount) || septetCount < 0) {
    throw new RangeError(`Invalid septet count ${septetCount}`)
  }
  const needed = Math.ceil((paddingBits + septetCount * 7) / 8)
  if (bytes.length < needed) {
    throw new RangeError(`${septetCount} septets need ${needed} bytes, got ${bytes.length}`)
  }
  const out = new Uint8Array(septetCount)
  let bit = paddingBits
  for (let i = 0; i < septetCount; i++) {
    const index = bit >> 3
    const shift = bit & 7
    const pair = (bytes[index] ?? 0) | ((bytes[index + 1] ?? 0) << 8)
    out[i] = (pair >> shift) & 0x7f
    bit += 7
  }
  return out
}

function assertPadding(paddingBits: number): void {
  if (!Number.isInteger(paddingBits) || paddingBits < 0 || paddingBits > 6) {
    throw new RangeError(`Padding must be 0..6 bits, got ${paddingBits}`)
  }
}
