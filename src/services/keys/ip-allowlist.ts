import { BlockList, isIP } from 'node:net'

/** Parses "203.0.113.7", "198.51.100.0/24" or "2001:db8::/32"; null when malformed. */
export function parseAllowEntry(
  entry: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText] = entry.trim().split('/')
  const version = isIP(address)
  if (version === 0) return null
  const max = version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? max : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}

/** A matcher for a key's allow-list; IPv4-mapped IPv6 clients match IPv4 entries. */
export function allowlistMatcher(entries: readonly string[]): (ip: string) => boolean {
  const list = new BlockList()
  for (const e of entries) {
    const p = parseAllowEntry(e)
    if (p) list.addSubnet(p.address, p.prefix, p.family)
  }
  return (ip) => {
    const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip
    const version = isIP(plain)
    return version !== 0 && list.check(plain, version === 4 ? 'ipv4' : 'ipv6')
  }
}
