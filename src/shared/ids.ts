import { randomBytes, randomFillSync } from 'node:crypto'

/** Id and secret generation as a dependency of services. */
export type Ids = {
  /** UUID v7: time-ordered, so inserts stay index-friendly and ties in created_at sort by age. */
  uuid(): string
  /** Random alphanumeric secret, e.g. an API token. */
  token(length: number): string
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Random bytes drawn 8 KiB at a time: one call to the CSPRNG per id was 9% of an accepted SMS. */
const POOL_BYTES = 8192

function randomPool(): (n: number) => Buffer {
  const pool = Buffer.alloc(POOL_BYTES)
  let offset = POOL_BYTES
  return (n) => {
    if (offset + n > POOL_BYTES) {
      randomFillSync(pool)
      offset = 0
    }
    offset += n
    return pool.subarray(offset - n, offset)
  }
}

export function createIds(nowMs: () => number = Date.now): Ids {
  let lastMs = 0
  let seq = 0
  const random = randomPool()
  const b = Buffer.alloc(16)
  return {
    uuid() {
      let ms = nowMs()
      // Monotonic within one process: a 12-bit counter fills rand_a while the millisecond repeats.
      if (ms <= lastMs) {
        seq++
        if (seq > 0xfff) {
          lastMs++
          seq = 0
        }
        ms = lastMs
      } else {
        lastMs = ms
        seq = 0
      }
      // rand_b: 8 random bytes (byte 8 loses two bits to the variant).
      random(8).copy(b, 8)
      b.writeUIntBE(ms, 0, 6)
      b[6] = 0x70 | (seq >> 8)
      b[7] = seq & 0xff
      b[8] = 0x80 | (b[8]! & 0x3f)
      const h = b.toString('hex')
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
    },
    token(length) {
      // Rejection sampling keeps every character equally likely.
      let out = ''
      while (out.length < length) {
        for (const byte of randomBytes(length * 2)) {
          if (byte < 252 && out.length < length) out += ALPHANUMERIC[byte % 36]
        }
      }
      return out
    },
  }
}
