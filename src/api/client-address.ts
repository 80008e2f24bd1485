import type { IncomingMessage } from 'node:http'

/**
 * The client's address as Fastify's `req.ip` gives it with the same trust function (proxy-addr's
 * walk): the socket address, then X-Forwarded-For from the right, stopping at the first hop not
 * trusted. For answers made before Fastify sees the request (links/redirect-fast-lane.ts).
 */
export function clientAddress(
  req: IncomingMessage,
  trust: false | ((addr: string, hop: number) => boolean),
): string {
  const socketAddr = req.socket.remoteAddress ?? ''
  if (trust === false) return socketAddr
  const header = req.headers['x-forwarded-for']
  if (typeof header !== 'string' || header === '') return socketAddr
  let addr = socketAddr
  let hop = 0
  for (const part of forwardedFromRight(header)) {
    if (!trust(addr, hop++)) return addr
    addr = part
  }
  return addr
}

/** Spaces and tabs, as proxy-addr trims them (no other whitespace). */
const BLANKS = /^[ \t]+|[ \t]+$/g

/** X-Forwarded-For's entries, nearest proxy first, empty entries left out. */
function* forwardedFromRight(header: string): Generator<string> {
  const parts = header.split(',')
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!.replace(BLANKS, '')
    if (p !== '') yield p
  }
}
