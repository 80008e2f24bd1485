import { randomBytes } from 'node:crypto'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** Characters of a short-link or campaign code: 62^8 ≈ 2.2e14 codes, too many to guess. */
export const LINK_CODE_LENGTH = 8

/** What a code in a path may look like; anything else is unknown without a database read. */
export const LINK_CODE_PATTERN = /^[0-9A-Za-z]{6,12}$/

/**
 * A random base62 code from the CSPRNG. Bytes of 248 and above are dropped (248 = 4 × 62), so
 * every character is equally likely.
 */
export function newLinkCode(length = LINK_CODE_LENGTH): string {
  let out = ''
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b >= 248) continue
      out += BASE62[b % 62]
      if (out.length === length) break
    }
  }
  return out
}
