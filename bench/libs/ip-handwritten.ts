// The hand-written address check the SSRF guard used before ipaddr.js (BigInt IPv6 parsing,
// CIDR masks by hand), kept only so bench/libs/ip.ts can measure the two against each other.
import { isIP } from 'node:net'

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

const IPV6_NOT_PUBLIC = [
  '2001::/23', // IETF protocol assignments, Teredo
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
] as const

const IPV6_EMBEDDING_IPV4 = [
  ['::ffff:0:0/96', 96], // IPv4-mapped
  ['64:ff9b::/96', 96], // NAT64
  ['2002::/16', 16], // 6to4
] as const

export function isPrivateAddressHandWritten(ip: string): boolean {
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

function ipv4NotPublic(address: number): boolean {
  return IPV4_NOT_PUBLIC.some((cidr) => {
    const [base, bits] = cidr.split('/') as [string, string]
    const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0
    return (address & mask) >>> 0 === parseIpv4(base)
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
