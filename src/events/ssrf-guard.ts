// Keeps webhook deliveries out of our own networks. Hostnames are judged at connect time by the
// addresses they resolve to (so DNS rebinding gains nothing); URLs are judged without DNS.
// Addresses and ranges are parsed and matched by ipaddr.js, the library under Fastify's proxy-addr.
import { lookup as dnsLookup } from 'node:dns'
import type { LookupAddress, LookupAllOptions } from 'node:dns'
import { isIP } from 'node:net'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

type Range4 = [ipaddr.IPv4, number]
type Range6 = [ipaddr.IPv6, number]

// Not globally reachable, or reserved (IANA special-purpose registry); documentation ranges too.
const IPV4_NOT_PUBLIC = [
  '0.0.0.0/8', // "this network", unspecified
  '10.0.0.0/8',
  '100.64.0.0/10', // CGNAT
  '127.0.0.0/8',
  '169.254.0.0/16', // link-local, cloud metadata
  '172.16.0.0/12',
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // TEST-NET-1
  '192.88.99.0/24', // 6to4 relay anycast, deprecated
  '192.168.0.0/16',
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // TEST-NET-2
  '203.0.113.0/24', // TEST-NET-3
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and 255.255.255.255
].map((cidr): Range4 => ipaddr.IPv4.parseCIDR(cidr))

// Only 2000::/3 is global unicast; within it these are not public.
const IPV6_NOT_PUBLIC = [
  '2001::/23', // IETF protocol assignments, Teredo
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
].map((cidr): Range6 => ipaddr.IPv6.parseCIDR(cidr))

const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3')

// Addresses carrying an IPv4 address, judged by that address: [prefix, byte offset of the IPv4].
const IPV6_EMBEDDING_IPV4 = (
  [
    ['::ffff:0:0/96', 12], // IPv4-mapped
    ['64:ff9b::/96', 12], // NAT64
    ['2002::/16', 2], // 6to4
  ] as const
).map(([cidr, offset]): [Range6, number] => [ipaddr.IPv6.parseCIDR(cidr), offset])

export const TARGET_PRIVATE = 'ETARGETPRIVATE'

/** dns.lookup with `all: true`; a parameter so tests can play a resolver without the network. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

/** True unless `ip` is a public unicast address; what is no IP address at all counts as private. */
export function isPrivateAddress(ip: string): boolean {
  // isIP first: ipaddr.js would also read forms like 0x7f.1 that are no address on the wire.
  const family = isIP(ip)
  if (family === 4) return ipv4NotPublic(ipaddr.IPv4.parse(ip))
  if (family !== 6) return true
  const address = ipaddr.IPv6.parse(hexTail(ip))
  for (const [range, offset] of IPV6_EMBEDDING_IPV4) {
    if (!address.match(range)) continue
    return ipv4NotPublic(new ipaddr.IPv4(address.toByteArray().slice(offset, offset + 4)))
  }
  if (!address.match(IPV6_GLOBAL_UNICAST)) return true
  return IPV6_NOT_PUBLIC.some((range) => address.match(range))
}

export function privateTargetError(address: string, hostname = address): Error & { code: string } {
  const about = hostname === address ? address : `${address} (${hostname})`
  return Object.assign(new Error(`refusing to connect to private address ${about}`), {
    code: TARGET_PRIVATE,
  })
}

/**
 * A `lookup` for net.connect that refuses hostnames resolving to any private address.
 * Node skips `lookup` for IP literals, so callers must check those themselves.
 */
export function guardedLookup(
  allowPrivate: boolean,
  resolve: ResolveAll = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, [])
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address))
      if (refused) return callback(privateTargetError(refused.address, hostname), [])
      if (options.all) return callback(null, addresses)
      const first = addresses[0]
      if (!first) return callback(noAddress(hostname), [])
      callback(null, first.address, first.family)
    })
  }
}

/** Why `url` is no acceptable webhook target, or null; checks the text only, resolves nothing. */
export function targetProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not a valid URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'scheme must be http or https'
  }
  if (parsed.username !== '' || parsed.password !== '') return 'URL must not contain credentials'
  if (allowPrivate) return null
  // WHATWG URL has already turned forms like 0x7f.1 or 2130706433 into dotted quads.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return `host ${host} is local`
  if (isIP(host) !== 0 && isPrivateAddress(host)) return `host ${host} is in a private range`
  return null
}

function noAddress(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' })
}

/**
 * The address without its zone id and with a dotted IPv4 tail written as two hex words:
 * ipaddr.js reads `::a.b.c.d` (IPv4-compatible, in ::/96, deprecated) as `::ffff:a.b.c.d`
 * (IPv4-mapped), which would judge it by its IPv4 address instead of refusing it.
 */
function hexTail(ip: string): string {
  const text = ip.replace(/%.*$/, '')
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (!dotted) return text
  const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
  const words = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  return text.slice(0, dotted.index) + words
}

function ipv4NotPublic(address: ipaddr.IPv4): boolean {
  return IPV4_NOT_PUBLIC.some((range) => address.match(range))
}
