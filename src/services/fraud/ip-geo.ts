import { createRequire } from 'node:module'
import type { GeoFacts } from '../../domain/fraud/ip-signal.js'

type GeoIpLite = {
  lookup(ip: string): {
    country?: string
    region?: string
    city?: string
    ll?: [number, number]
    timezone?: string
  } | null
}

/**
 * Where geoip-lite's offline GeoLite2 copy places an address (country, region, city,
 * coordinates, time zone). Its city database (about 110 MB, read synchronously) is loaded on the
 * first lookup, in the process that scores checks, never at start.
 */
export class IpGeo {
  private geo: GeoIpLite | null = null

  lookup(ip: string): GeoFacts | null {
    this.geo ??= createRequire(import.meta.url)('geoip-lite') as GeoIpLite
    const r = this.geo.lookup(ip)
    if (r === null || !r.country) return null
    // The database places some addresses by country only: a (0, 0) or missing point is none.
    const ll = r.ll && (r.ll[0] !== 0 || r.ll[1] !== 0) ? r.ll : null
    return {
      country: r.country,
      region: r.region || null,
      city: r.city || null,
      latitude: ll?.[0] ?? null,
      longitude: ll?.[1] ?? null,
      timezone: r.timezone || null,
    }
  }
}
