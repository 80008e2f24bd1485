// 8-bit data SMS (data_coding 4): 140 octets of user data in one SMS, 134 in each part of a
// concatenated one, whose 6-octet UDH takes the rest (3GPP TS 23.040 §9.2.3.24.1).

export const USER_DATA_OCTETS = 140
export const CONCAT_PART_OCTETS = USER_DATA_OCTETS - 6

/** The data of each part, in order: one part when it fits, else 134-octet parts. */
export function splitBinary(data: Uint8Array): Uint8Array[] {
  if (data.length <= USER_DATA_OCTETS) return [data]
  const parts: Uint8Array[] = []
  for (let at = 0; at < data.length; at += CONCAT_PART_OCTETS) {
    parts.push(data.subarray(at, at + CONCAT_PART_OCTETS))
  }
  return parts
}
