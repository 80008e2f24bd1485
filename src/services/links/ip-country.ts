import { createRequire } from 'node:module'
import { BlockList, isIP } from 'node:net'

type GeoIp = { lookup(ip: string): { country?: string } | null }

// Addresses no country database can place: private, loopback, link-local, shared, unique local.
const LOCAL = new BlockList()
for (const [net, bits] of [
  ['10.0.0.0', 8],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10],
  ['0.0.0.0', 8],
] as const) {
  LOCAL.addSubnet(net, bits, 'ipv4')
}
LOCAL.addAddress('::1', 'ipv6')
LOCAL.addSubnet('fc00::', 7, 'ipv6')
LOCAL.addSubnet('fe80::', 10, 'ipv6')

/**
 * The country of an address (ISO 3166-1 alpha-2), from geoip-country's offline GeoLite2 copy;
 * null for private and loopback addresses and for those the database does not know. The
 * database (about 8 MB, read synchronously) is loaded on the first lookup, not at start: a
 * process that records no click never pays for it.
 */
export class IpCountry {
  private geo: GeoIp | null = null

  lookup(ip: string): string | null {
    const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1]
    const addr = v4mapped ?? ip
    const family = isIP(addr)
    if (family === 0) return null
    if (LOCAL.check(addr, family === 4 ? 'ipv4' : 'ipv6')) return null
    this.geo ??= createRequire(import.meta.url)('geoip-country') as GeoIp
    return this.geo.lookup(addr)?.country ?? null
  }
}
