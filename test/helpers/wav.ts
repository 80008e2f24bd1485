// Reads a WAV file's duration from its header: the data chunk's size over the byte rate.
export function wavDurationS(wav: Buffer): number {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a RIFF/WAVE file')
  let byteRate = 0
  for (let at = 12; at + 8 <= wav.length;) {
    const id = wav.toString('ascii', at, at + 4)
    const size = wav.readUInt32LE(at + 4)
    if (id === 'fmt ') byteRate = wav.readUInt32LE(at + 16)
    if (id === 'data') {
      if (byteRate === 0) throw new Error('data before fmt')
      return Math.min(size, wav.length - at - 8) / byteRate
    }
    at += 8 + size + (size % 2)
  }
  throw new Error('no data chunk')
}
