import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

/** Six digits: typed from an SMS by hand; five attempts in ten minutes leave 1 in 200,000. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

/** Stored as `salt:sha256(salt:code)`: the code never rests in the store in clear. */
export function hashCode(code: string): string {
  const salt = randomBytes(16).toString('hex')
  return `${salt}:${digest(salt, code)}`
}

export function codeMatches(stored: string, code: string): boolean {
  const [salt, hash] = stored.split(':')
  if (!salt || !hash) return false
  return timingSafeEqual(Buffer.from(digest(salt, code.trim()), 'hex'), Buffer.from(hash, 'hex'))
}

function digest(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex')
}
