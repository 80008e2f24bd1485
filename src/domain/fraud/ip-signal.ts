import ipaddr from 'ipaddr.js'
import { reason, type Reason } from './reasons.js'

// The IP part of a fraud check: the address's range (ipaddr.js's IANA special-purpose tables)
// and where an offline database places it (looked up by the service and passed in). No ISP,
// proxy or hosting data: no maintained offline list exists as a package (docs/fraud.md).

/** Where the location database places an address; fields it does not know are null. */
export type GeoFacts = {
  country: string | null
  region: string | null
  city: string | null
  latitude: number | null
  longitude: number | null
  timezone: string | null
}

export type IpResult = {
  ip: string
  version: 4 | 6
  /** ipaddr.js's range name: `unicast` (public), `private`, `loopback`, `reserved` … */
  range: string
  public: boolean
  country: string | null
  region: string | null
  city: string | null
  postal_code: null
  latitude: number | null
  longitude: number | null
  timezone: string | null
  isp: null
  isp_risk_score: null
  proxy_type: null
  connection_type: null
  reasons: Reason[]
}

/**
 * The address in canonical form (an IPv4-mapped IPv6 address as its IPv4), or null when the text
 * is no IPv4 address in dotted-quad form and no IPv6 address. Shorthands such as `127.1` or
 * `0x7f.0.0.1` are refused: no client sends them, and they hide what was meant.
 */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text)
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return null
  const v6 = ipaddr.IPv6.parse(text)
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6
}

/** The address's range and whether it can be a customer seen from the internet. */
export function ipRange(addr: ipaddr.IPv4 | ipaddr.IPv6): { range: string; public: boolean } {
  const range = addr.range()
  return { range, public: range === 'unicast' }
}

/** `ip` as `parseIp` accepts it (the API refuses others); `geo` null when none was looked up. */
export function ipSignal(ip: string, geo: GeoFacts | null): IpResult {
  const addr = parseIp(ip)
  if (addr === null) throw new Error(`not an IP address: ${ip}`)
  const { range, public: isPublic } = ipRange(addr)
  const reasons: Reason[] = []
  if (!isPublic) reasons.push(reason('ip_not_public'))
  else if (geo?.country == null) reasons.push(reason('ip_unknown_location'))
  const place = isPublic ? geo : null
  return {
    ip,
    version: addr.kind() === 'ipv4' ? 4 : 6,
    range,
    public: isPublic,
    country: place?.country ?? null,
    region: place?.region ?? null,
    city: place?.city ?? null,
    postal_code: null,
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    timezone: place?.timezone ?? null,
    isp: null,
    isp_risk_score: null,
    proxy_type: null,
    connection_type: null,
    reasons,
  }
}
