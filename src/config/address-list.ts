import { isIP } from 'node:net'

/** Names for common ranges, as in proxy-addr (Express, Fastify). */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

/** True for "203.0.113.7", "198.51.100.0/24" or "2001:db8::/32". */
export function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, more] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || more !== undefined) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128)
}

/**
 * A comma-separated list of addresses, CIDRs and range names → the list with names expanded,
 * or the entries that are none of these.
 */
export function parseAddressList(v: string): { entries: string[] } | { invalid: string[] } {
  const raw = v
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
  const entries = raw.flatMap((e) => NAMED_RANGES[e.toLowerCase()] ?? [e])
  const invalid = entries.filter((e) => !isAddressOrCidr(e))
  return invalid.length > 0 ? { invalid } : { entries }
}

export const TRUST_PROXY_HELP =
  'set TAUBE_TRUST_PROXY to the addresses/CIDRs of your proxies ' +
  '(e.g. TAUBE_TRUST_PROXY=10.0.0.5,10.1.0.0/16,fd00::/8, or loopback), ' +
  'or to the number of proxies in front of Taube (e.g. TAUBE_TRUST_PROXY=1); ' +
  'leave it unset or false without a proxy'

/**
 * TAUBE_TRUST_PROXY → false, a hop count or a list of proxy addresses. `true` is refused: it
 * would believe the left-most X-Forwarded-For entry, which the client writes itself.
 */
export function parseTrustProxy(v: string): false | number | string[] {
  const s = v.trim().toLowerCase()
  if (['', 'false', '0', 'no', 'off', 'none'].includes(s)) return false
  if (['true', 'yes', 'on', 'all', '*'].includes(s)) {
    throw new Error(
      `Invalid configuration:\n  TAUBE_TRUST_PROXY=${v} is refused: it would take the client ` +
        'address from X-Forwarded-For as the client wrote it, so anyone could pose as any ' +
        `address. Instead, ${TRUST_PROXY_HELP}.`,
    )
  }
  if (/^\d+$/.test(s)) return Number(s)
  const list = parseAddressList(v)
  if ('invalid' in list) {
    throw new Error(
      `Invalid configuration:\n  TAUBE_TRUST_PROXY: ${list.invalid.join(', ')} is not an ` +
        `address, a CIDR or a hop count; ${TRUST_PROXY_HELP}.`,
    )
  }
  return list.entries
}
