import { Resolver } from 'node:dns/promises'
import type { MxState } from '../../domain/fraud/email-signal.js'

export type MxLookupOptions = {
  /** Off: every domain is `unknown` (no evidence either way). */
  enabled: boolean
  /** DNS servers as `ip` or `ip:port`; empty: the system's (resolv.conf). */
  servers: readonly string[]
  timeoutMs: number
}

const CACHE_MS = 10 * 60_000
const CACHE_MAX = 10_000

/**
 * Whether a domain takes mail, asked of DNS through a resolver of its own, so the operator (and
 * the tests, with a DNS server on 127.0.0.1) chooses the servers. One try within the timeout; an
 * answer is kept 10 minutes, since checks ask about the same few providers over and over.
 */
export class MxLookup {
  private readonly resolver: Resolver | null
  private readonly cache = new Map<string, { state: MxState; untilMs: number }>()

  constructor(private readonly opts: MxLookupOptions) {
    if (!opts.enabled) {
      this.resolver = null
      return
    }
    this.resolver = new Resolver({ timeout: opts.timeoutMs, tries: 1 })
    if (opts.servers.length > 0) this.resolver.setServers([...opts.servers])
  }

  async lookup(domain: string, nowMs: number): Promise<MxState> {
    if (this.resolver === null) return 'unknown'
    const hit = this.cache.get(domain)
    if (hit && hit.untilMs > nowMs) return hit.state
    const state = await this.ask(this.resolver, domain)
    if (state !== 'unknown') {
      if (this.cache.size >= CACHE_MAX) this.cache.clear()
      this.cache.set(domain, { state, untilMs: nowMs + CACHE_MS })
    }
    return state
  }

  private async ask(resolver: Resolver, domain: string): Promise<MxState> {
    try {
      const records = await resolver.resolveMx(domain)
      // RFC 7505: a single MX of "." says the domain takes no mail.
      const real = records.filter((r) => r.exchange !== '' && r.exchange !== '.')
      return real.length > 0 ? 'found' : 'none'
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOTFOUND') return 'no_domain'
      if (code === 'ENODATA') return 'none'
      return 'unknown'
    }
  }

  stop(): void {
    this.resolver?.cancel()
  }
}
