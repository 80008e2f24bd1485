// MX lookups of fraud checks against DNS servers on 127.0.0.1: one answering from a table, one
// that never answers.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { startDnsServer, type DnsServer } from '../helpers/dns-server.js'
import { MxLookup } from '../../src/services/fraud/mx-lookup.js'
import type { MxState } from '../../src/domain/fraud/email-signal.js'

describe('MxLookup', () => {
  let dns: DnsServer
  before(async () => {
    dns = await startDnsServer({
      'example.de': ['mx1.example.de', 'mx2.example.de'],
      'nomail.example': [],
      'nullmx.example': ['.'],
    })
  })
  after(() => dns.close())

  const cases: [string, MxState][] = [
    ['example.de', 'found'],
    ['nomail.example', 'none'],
    ['nullmx.example', 'none'],
    ['nowhere.example', 'no_domain'],
  ]
  for (const [domain, state] of cases) {
    it(`${domain} → ${state}`, async () => {
      const mx = new MxLookup({ enabled: true, servers: [dns.address], timeoutMs: 2000 })
      try {
        assert.equal(await mx.lookup(domain, 0), state)
      } finally {
        mx.stop()
      }
    })
  }

  it('keeps an answer 10 minutes, then asks again', async () => {
    const mx = new MxLookup({ enabled: true, servers: [dns.address], timeoutMs: 2000 })
    const before = dns.asked.filter((n) => n === 'example.de').length
    await mx.lookup('example.de', 0)
    await mx.lookup('example.de', 599_999)
    assert.equal(dns.asked.filter((n) => n === 'example.de').length, before + 1)
    await mx.lookup('example.de', 600_001)
    assert.equal(dns.asked.filter((n) => n === 'example.de').length, before + 2)
    mx.stop()
  })

  it('is no evidence (unknown) when the server does not answer in time, and not kept', async () => {
    const silent = createSocket('udp4')
    let queries = 0
    silent.on('message', () => queries++)
    silent.bind(0, '127.0.0.1')
    await once(silent, 'listening')
    const address = `127.0.0.1:${(silent.address() as AddressInfo).port}`
    const mx = new MxLookup({ enabled: true, servers: [address], timeoutMs: 200 })
    try {
      const started = performance.now()
      assert.equal(await mx.lookup('example.de', 0), 'unknown')
      assert.ok(performance.now() - started < 2000, 'within the timeout, one try')
      assert.equal(await mx.lookup('example.de', 1), 'unknown')
      assert.equal(queries, 2, 'an unanswered lookup is asked again')
    } finally {
      mx.stop()
      silent.close()
    }
  })

  it('asks nobody when turned off', async () => {
    const mx = new MxLookup({ enabled: false, servers: [dns.address], timeoutMs: 2000 })
    const before = dns.asked.length
    assert.equal(await mx.lookup('example.de', 0), 'unknown')
    assert.equal(dns.asked.length, before)
  })
})
