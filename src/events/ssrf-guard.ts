// Keeps webhook deliveries out of our own networks. Hostnames are judged at connect time by the
// addresses they resolve to (so DNS rebinding gains nothing); URLs are judged without DNS.
import { lookup as dnsLookup } from 'node:dns'
import type { LookupAddress, LookupAllOptions } from 'node:dns'
import { isIP } from 'node:net'
import type { LookupFunction } from 'node:net'

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
] as const

// Only 2000::/3 is global unicast; within it these are not public.
const IPV6_NOT_PUBLIC = [
  '2001::/23', // IETF protocol assignments, Teredo
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
] as const

// Addresses carrying an IPv4 address, judged by that address: [prefix, bit offset of the IPv4].
const IPV6_EMBEDDING_IPV4 = [
  ['::ffff:0:0/96', 96], // IPv4-mapped
  ['64:ff9b::/96', 96], // NAT64
  ['2002::/16', 16], // 6to4
] as const

export const TARGET_PRIVATE = 'ETARGETPRIVATE'

/** dns.lookup with `all: true`; a parameter so tests can play a resolver without the network. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

/** True unless `ip` is a public unicast address; what is no IP address at all counts as private. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip)
  if (family === 4) return ipv4NotPublic(parseIpv4(ip))
  if (family !== 6) return true
  const address = parseIpv6(ip)
  for (const [cidr, offset] of IPV6_EMBEDDING_IPV4) {
    if (!inCidr6(address, cidr)) continue
    return ipv4NotPublic(Number((address >> BigInt(96 - offset)) & 0xffffffffn))
  }
  if (!inCidr6(address, '2000::/3')) return true
  return IPV6_NOT_PUBLIC.some((cidr) => inCidr6(address, cidr))
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

function ipv4NotPublic(address: number): boolean {
  return IPV4_NOT_PUBLIC.some((cidr) => {
    const [base, bits] = cidr.split('/') as [string, string]
    const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0
    return ((address & mask) >>> 0) === parseIpv4(base)
  })
}

function inCidr6(address: bigint, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string]
  const shift = BigInt(128 - Number(bits))
  return address >> shift === parseIpv6(base) >> shift
}

function parseIpv4(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0)
}

/** Expects what isIP() accepted: `::` compression, a dotted IPv4 tail, a zone id. */
function parseIpv6(ip: string): bigint {
  let text = ip.replace(/%.*$/, '')
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const v4 = parseIpv4(dotted[1]!)
    text = text.slice(0, dotted.index) + `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const words = (part: string) => (part === '' ? [] : part.split(':'))
  const left = words(head)
  const right = tail === undefined ? [] : words(tail)
  const middle = Array<string>(8 - left.length - right.length).fill('0')
  const all = [...left, ...middle, ...right]
  return all.reduce((acc, word) => (acc << 16n) | BigInt(parseInt(word, 16)), 0n)
}
