import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { guardedLookup, isPrivateAddress, targetProblem } from './ssrf-guard.js'
import type { ResolveAll } from './ssrf-guard.js'

describe('isPrivateAddress', () => {
  const privateOnes = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback /8'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.255', 'private 10/8 end'],
    ['172.16.0.1', 'private 172.16/12 start'],
    ['172.31.255.255', 'private 172.16/12 end'],
    ['192.168.1.1', 'private 192.168/16'],
    ['100.64.0.1', 'CGNAT start'],
    ['100.127.255.255', 'CGNAT end'],
    ['169.254.169.254', 'link-local, cloud metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast end'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking end'],
    ['192.0.2.10', 'TEST-NET-1'],
    ['198.51.100.7', 'TEST-NET-2'],
    ['203.0.113.9', 'TEST-NET-3'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fe80::1%eth0', 'IPv6 link-local with zone'],
    ['febf:ffff::1', 'IPv6 link-local end'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local fd'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::FFFF:10.1.2.3', 'IPv4-mapped private, upper case'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata address, hex'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'IPv4-mapped, written out'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::10.0.0.1', 'NAT64 of private'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['::127.0.0.1', 'IPv4-compatible, deprecated'],
    ['::8.8.8.8', 'IPv4-compatible of a public address: ::/96, not IPv4-mapped'],
    ['::808:808', 'IPv4-compatible, hex'],
    ['::8.8.8.8%eth0', 'IPv4-compatible with zone'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['2001::1', 'Teredo'],
    ['100::1', 'discard-only'],
    ['not-an-ip', 'no address at all'],
    ['', 'empty'],
  ] as const
  const publicOnes = [
    ['8.8.8.8', 'Google DNS'],
    ['1.1.1.1', 'Cloudflare DNS'],
    ['93.184.216.34', 'example.com'],
    ['172.15.255.255', 'just below 172.16/12'],
    ['172.32.0.0', 'just above 172.16/12'],
    ['100.63.255.255', 'just below CGNAT'],
    ['100.128.0.0', 'just above CGNAT'],
    ['192.167.255.255', 'just below 192.168/16'],
    ['198.20.0.0', 'just above benchmarking'],
    ['11.0.0.0', 'just above 10/8'],
    ['223.255.255.255', 'just below multicast'],
    ['2001:4860:4860::8888', 'Google DNS IPv6'],
    ['2606:4700:4700::1111', 'Cloudflare DNS IPv6'],
    ['::ffff:8.8.8.8', 'IPv4-mapped public'],
    ['::ffff:808:808', 'IPv4-mapped public, hex'],
    ['64:ff9b::8.8.8.8', 'NAT64 of public'],
    ['2002:808:808::1', '6to4 of public'],
  ] as const
  for (const [ip, why] of privateOnes) {
    it(`${ip || '(empty)'} is private (${why})`, () => assert.equal(isPrivateAddress(ip), true))
  }
  for (const [ip, why] of publicOnes) {
    it(`${ip} is public (${why})`, () => assert.equal(isPrivateAddress(ip), false))
  }
})

describe('targetProblem', () => {
  const cases: [url: string, allowPrivate: boolean, problem: RegExp | null][] = [
    ['https://hooks.example.com/taube', false, null],
    ['http://hooks.example.com:8080/a?b=c', false, null],
    ['https://8.8.8.8/hook', false, null],
    ['https://[2001:4860:4860::8888]/hook', false, null],
    ['https://internal.example/hook', false, null], // hostnames are judged when connecting
    ['ftp://hooks.example.com/', false, /scheme/],
    ['file:///etc/passwd', false, /scheme/],
    ['javascript:alert(1)', false, /scheme/],
    ['not a url', false, /valid URL/],
    ['https://user:pass@hooks.example.com/', false, /credentials/],
    ['https://user@hooks.example.com/', true, /credentials/],
    ['http://127.0.0.1:8080/', false, /private/],
    ['http://10.1.2.3/', false, /private/],
    ['http://169.254.169.254/latest/meta-data/', false, /private/],
    ['http://[::1]/', false, /private/],
    ['http://[::ffff:127.0.0.1]/', false, /private/],
    ['http://[fd00::1]/', false, /private/],
    ['http://0x7f.1/', false, /private/], // WHATWG URL reads this as 127.0.0.1
    ['http://2130706433/', false, /private/],
    ['http://0/', false, /private/],
    ['http://localhost:3000/', false, /local/],
    ['http://LOCALHOST./', false, /local/],
    ['http://api.localhost/', false, /local/],
    ['http://127.0.0.1:8080/', true, null],
    ['http://localhost:3000/', true, null],
  ]
  for (const [url, allowPrivate, problem] of cases) {
    it(`${url}${allowPrivate ? ' (private allowed)' : ''} → ${problem ?? 'fine'}`, () => {
      const found = targetProblem(url, allowPrivate)
      if (problem === null) assert.equal(found, null)
      else assert.match(found ?? '(none)', problem)
    })
  }
})

type Outcome = {
  err: NodeJS.ErrnoException | null
  address: string | LookupAddress[]
  family?: number | undefined
}

function run(lookup: LookupFunction, hostname: string, all: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    lookup(hostname, { all }, (err, address, family) => resolve({ err, address, family }))
  })
}

describe('guardedLookup', () => {
  for (const all of [false, true]) {
    const form = all ? 'all: true' : 'single'
    it(`refuses 127.0.0.1 (${form})`, async () => {
      const { err } = await run(guardedLookup(false), '127.0.0.1', all)
      assert.equal(err?.code, 'ETARGETPRIVATE')
      assert.match(err?.message ?? '', /127\.0\.0\.1/)
    })

    it(`refuses ::1 (${form})`, async () => {
      const { err } = await run(guardedLookup(false), '::1', all)
      assert.equal(err?.code, 'ETARGETPRIVATE')
      assert.match(err?.message ?? '', /::1/)
    })

    it(`refuses localhost (${form})`, async () => {
      const { err } = await run(guardedLookup(false), 'localhost', all)
      assert.equal(err?.code, 'ETARGETPRIVATE')
      assert.match(err?.message ?? '', /localhost/)
    })

    it(`passes a public literal (${form})`, async () => {
      const outcome = await run(guardedLookup(false), '93.184.216.34', all)
      assert.equal(outcome.err, null)
      if (all) assert.deepEqual(outcome.address, [{ address: '93.184.216.34', family: 4 }])
      else assert.deepEqual([outcome.address, outcome.family], ['93.184.216.34', 4])
    })

    it(`passes 127.0.0.1 when private targets are allowed (${form})`, async () => {
      const outcome = await run(guardedLookup(true), '127.0.0.1', all)
      assert.equal(outcome.err, null)
      if (all) assert.deepEqual(outcome.address, [{ address: '127.0.0.1', family: 4 }])
      else assert.deepEqual([outcome.address, outcome.family], ['127.0.0.1', 4])
    })
  }

  it('passes localhost when private targets are allowed', async () => {
    const { err, address } = await run(guardedLookup(true), 'localhost', true)
    assert.equal(err, null)
    assert.ok(Array.isArray(address) && address.length > 0)
    for (const a of address as LookupAddress[]) assert.equal(isPrivateAddress(a.address), true)
  })

  // A played resolver stands in for DNS: one private address among public ones is enough.
  const rebinding: ResolveAll = (_hostname, _options, callback) =>
    callback(null, [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ])

  it('refuses a hostname when any of its addresses is private', async () => {
    const { err } = await run(guardedLookup(false, rebinding), 'hooks.example.test', false)
    assert.equal(err?.code, 'ETARGETPRIVATE')
    assert.match(err?.message ?? '', /10\.0\.0\.5.*hooks\.example\.test/)
  })

  it('hands on the first address in the single form, as dns.lookup does', async () => {
    const outcome = await run(guardedLookup(true, rebinding), 'hooks.example.test', false)
    assert.deepEqual([outcome.err, outcome.address, outcome.family], [null, '93.184.216.34', 4])
  })

  it('passes resolver errors through', async () => {
    const failing: ResolveAll = (hostname, _options, callback) => {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: 'ENOTFOUND',
      })
      callback(err, [])
    }
    const { err } = await run(guardedLookup(false, failing), 'nowhere.test', true)
    assert.equal(err?.code, 'ENOTFOUND')
  })
})
