// UCS-2 as SMSCs actually accept it: UTF-16BE code units. Characters outside the BMP are sent as
// their two surrogate units (what every handset decodes), so nothing is lost or replaced.

export function encodeUcs2(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    bytes[i * 2] = unit >> 8
    bytes[i * 2 + 1] = unit & 0xff
  }
  return bytes
}

export function decodeUcs2(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new RangeError(`UCS-2 data has an odd length (${bytes.length} bytes)`)
  }
  const units: number[] = []
  for (let i = 0; i < bytes.length; i += 2) {
    units.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0))
  }
  // Chunked so that long inputs never exceed the engine's argument limit.
  let text = ''
  for (let i = 0; i < units.length; i += 4096) {
    text += String.fromCharCode(...units.slice(i, i + 4096))
  }
  return text
}
