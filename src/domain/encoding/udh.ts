// User Data Header for concatenated SMS (3GPP TS 23.040 §9.2.3.24): information element 0x00
// (8-bit reference, 3 octets of data) or 0x08 (16-bit reference, 4 octets). In SMPP the header
// precedes short_message and esm_class carries UDHI (0x40); with unpacked GSM septets no fill
// bits are needed, the SMSC packs.

export type ConcatInfo = {
  /** Message reference shared by all parts. */
  ref: number
  total: number
  /** 1-based part number. */
  seq: number
}

export type ParsedUdh = {
  /** Octets to skip before the text: UDHL itself + the header. */
  headerLength: number
  /** The concatenation IE, if present and sane (1 ≤ seq ≤ total). */
  concat: (ConcatInfo & { refBits: 8 | 16 }) | null
}

const IE_CONCAT_8 = 0x00
const IE_CONCAT_16 = 0x08

/** The UDH (with its UDHL octet) for one part: 6 octets for 8-bit refs, 7 for 16-bit. */
export function buildConcatUdh(info: ConcatInfo, refBits: 8 | 16 = 8): Uint8Array {
  const { ref, total, seq } = info
  if (!Number.isInteger(total) || total < 1 || total > 255) {
    throw new RangeError(`Concatenation total must be 1..255, got ${total}`)
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > total) {
    throw new RangeError(`Part number must be 1..${total}, got ${seq}`)
  }
  const max = refBits === 8 ? 0xff : 0xffff
  if (!Number.isInteger(ref) || ref < 0 || ref > max) {
    throw new RangeError(`A ${refBits}-bit reference must be 0..${max}, got ${ref}`)
  }
  if (refBits === 8) return Uint8Array.of(0x05, IE_CONCAT_8, 0x03, ref, total, seq)
  return Uint8Array.of(0x06, IE_CONCAT_16, 0x04, ref >> 8, ref & 0xff, total, seq)
}

/**
 * Reads the UDH at the start of `userData` (when UDHI is set) and finds the concatenation IE
 * among any others (port addressing, national language shift, …). Null when the header is
 * malformed: its length runs past the data or an IE runs past the header.
 */
export function parseUdh(userData: Uint8Array): ParsedUdh | null {
  const udhl = userData[0]
  if (udhl === undefined || udhl + 1 > userData.length) return null
  const end = udhl + 1
  let concat: ParsedUdh['concat'] = null
  let i = 1
  while (i < end) {
    const iei = userData[i]!
    const length = userData[i + 1]
    if (length === undefined || i + 2 + length > end) return null
    const data = userData.subarray(i + 2, i + 2 + length)
    // TS 23.040: when an IE repeats, the last occurrence counts.
    if (iei === IE_CONCAT_8 && length === 3) {
      concat = sane({ ref: data[0]!, total: data[1]!, seq: data[2]!, refBits: 8 })
    } else if (iei === IE_CONCAT_16 && length === 4) {
      concat = sane({
        ref: (data[0]! << 8) | data[1]!,
        total: data[2]!,
        seq: data[3]!,
        refBits: 16,
      })
    }
    i += 2 + length
  }
  return { headerLength: end, concat }
}

function sane(c: NonNullable<ParsedUdh['concat']>): ParsedUdh['concat'] {
  return c.total >= 1 && c.seq >= 1 && c.seq <= c.total ? c : null
}

/** The concatenation info and header length, or null when there is no usable concat IE. */
export function parseConcatUdh(
  userData: Uint8Array,
): (ConcatInfo & { headerLength: number }) | null {
  const udh = parseUdh(userData)
  if (!udh?.concat) return null
  const { ref, total, seq } = udh.concat
  return { ref, total, seq, headerLength: udh.headerLength }
}
