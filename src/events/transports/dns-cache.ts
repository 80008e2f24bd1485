// Host names of webhook targets, resolved off libuv's thread pool and kept for their TTL.
// dns.lookup (getaddrinfo) runs on Node's 4 pool threads: behind a resolver that times out after
// 5 s, every lookup (and fs work) waited in line. c-ares (dns.promises.Resolver) sends its
// queries from the event loop, with a timeout of our own.
import { lookup as systemLookup, promises as dnsPromises } from 'node:dns'
import type { LookupAddress } from 'node:dns'
import type { ResolveAll } from '../ssrf-guard.js'

export type ResolvedAddress = { address: string; family: 4 | 6; ttlS: number }
/** Resolves a host name to all its addresses; rejects with an error carrying a `code`. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>

export type DnsCacheOptions = {
  nowMs: () => number
  /** An answer is kept for its TTL, but never shorter than minTtlMs nor longer than maxTtlMs. */
  minTtlMs: number
  maxTtlMs: number
  /** A failed resolution (unknown name, timeout) is remembered this long. */
  negativeTtlMs: number
  /** Names kept at most; the oldest entry goes first. */
  maxEntries: number
}

export const DEFAULT_DNS_CACHE_OPTIONS: Omit<DnsCacheOptions, 'nowMs'> = {
  minTtlMs: 1_000,
  maxTtlMs: 300_000,
  negativeTtlMs: 5_000,
  maxEntries: 10_000,
}

type Entry = {
  expiresMs: number
  answer: Promise<ResolvedAddress[]>
}

/**
 * Resolutions by name: concurrent lookups of one name share one query, answers are kept by
 * their TTL, failures for negativeTtlMs. Every address is returned, so the SSRF guard judges all.
 */
export class DnsCache {
  private readonly entries = new Map<string, Entry>()
  private readonly opts: DnsCacheOptions

  constructor(
    private readonly resolveHost: ResolveHost,
    opts: Partial<DnsCacheOptions> = {},
  ) {
    this.opts = { ...DEFAULT_DNS_CACHE_OPTIONS, nowMs: () => Date.now(), ...opts }
  }

  get size(): number {
    return this.entries.size
  }

  resolve(hostname: string): Promise<ResolvedAddress[]> {
    const name = hostname.toLowerCase()
    const nowMs = this.opts.nowMs()
    const cached = this.entries.get(name)
    if (cached && nowMs < cached.expiresMs) return cached.answer
    if (cached) this.entries.delete(name)
    // Until it settles, the query is shared by everyone asking for the name.
    const entry: Entry = { expiresMs: Infinity, answer: this.resolveHost(name) }
    this.entries.set(name, entry)
    while (this.entries.size > this.opts.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!)
    }
    entry.answer.then(
      (addresses) => {
        const ttlMs = Math.min(...addresses.map((a) => a.ttlS * 1000))
        const keepMs = Math.min(this.opts.maxTtlMs, Math.max(this.opts.minTtlMs, ttlMs))
        entry.expiresMs = this.opts.nowMs() + keepMs
      },
      () => {
        entry.expiresMs = this.opts.nowMs() + this.opts.negativeTtlMs
      },
    )
    return entry.answer
  }

  /** dns.lookup's shape (`all: true`) for net.connect through guardedLookup. */
  readonly resolveAll: ResolveAll = (hostname, options, callback) => {
    const family = familyOf(options.family)
    this.resolve(hostname).then(
      (addresses) => {
        const fit: LookupAddress[] = addresses
          .filter((a) => family === 0 || a.family === family)
          .map((a) => ({ address: a.address, family: a.family }))
        if (fit.length === 0) return callback(notFound(hostname, 'ENODATA'), [])
        callback(null, fit)
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    )
  }
}

export type CaresResolverOptions = {
  /** Per query and try, in ms (c-ares doubles it for each further try). */
  timeoutMs: number
  tries: number
  /** Name servers instead of the system's (tests: a server on 127.0.0.1). */
  servers?: string[]
}

export const DEFAULT_CARES_OPTIONS: CaresResolverOptions = { timeoutMs: 1_000, tries: 2 }

const UNKNOWN = new Set(['ENOTFOUND', 'ENODATA'])

/**
 * A and AAAA through c-ares, with their TTLs. A name the DNS does not know is looked up once
 * more the system's way (the hosts file: `localhost`, names an operator pinned there); an
 * unknown name is a quick answer, so that lookup does not wait on a slow resolver in the pool.
 */
export function caresResolver(opts: CaresResolverOptions = DEFAULT_CARES_OPTIONS): ResolveHost {
  const resolver = new dnsPromises.Resolver({ timeout: opts.timeoutMs, tries: opts.tries })
  if (opts.servers) resolver.setServers(opts.servers)
  return async (hostname) => {
    const [v4, v6] = await Promise.allSettled([
      resolver.resolve4(hostname, { ttl: true }),
      resolver.resolve6(hostname, { ttl: true }),
    ])
    const found: ResolvedAddress[] = []
    for (const [answer, family] of [
      [v4, 4],
      [v6, 6],
    ] as const) {
      if (answer.status !== 'fulfilled') continue
      for (const r of answer.value) found.push({ address: r.address, family, ttlS: r.ttl })
    }
    if (found.length > 0) return found
    const errors = [v4, v6].flatMap((r) =>
      r.status === 'rejected' ? [r.reason as NodeJS.ErrnoException] : [],
    )
    const hard = errors.find((e) => !UNKNOWN.has(String(e.code)))
    if (hard) throw hard
    return hostsLookup(hostname, DEFAULT_DNS_CACHE_OPTIONS.maxTtlMs / 1000)
  }
}

function hostsLookup(hostname: string, ttlS: number): Promise<ResolvedAddress[]> {
  return new Promise((resolve, reject) => {
    systemLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return reject(err)
      resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4, ttlS })))
    })
  })
}

function familyOf(family: unknown): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4
  if (family === 6 || family === 'IPv6') return 6
  return 0
}

function notFound(hostname: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`no address for ${hostname}`), { code, hostname })
}
