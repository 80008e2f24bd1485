import type { Config } from '../config/schema.js'
import { allowlistMatcher } from '../services/keys/ip-allowlist.js'

/**
 * Fastify's `trustProxy` as a function, so both forms behave the same on every version:
 * proxy-addr walks the socket address and then X-Forwarded-For from the right, asking
 * `trust(addr, i)` (i = 0 is the socket), and stops at the first hop it does not trust; that hop
 * is `req.ip`. So the client is the address the last trusted proxy saw, and whatever a client
 * writes to the left of it is never believed. (Fastify 5 turns a bare number into "trust
 * nothing", hence the explicit hop count here.)
 */
export function trustProxyFunction(
  trust: Config['trustProxy'],
): false | ((addr: string, i: number) => boolean) {
  if (trust === false) return false
  if (typeof trust === 'number') return (_addr, i) => i < trust
  const matches = allowlistMatcher(trust)
  return (addr) => matches(addr)
}
