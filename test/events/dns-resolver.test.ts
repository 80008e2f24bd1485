// The webhook resolver for real: c-ares asking a DNS server on 127.0.0.1 (a small one played by
// the test, so nothing leaves the machine), and the HTTP transport connecting by the answer.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createSocket, type Socket } from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { caresResolver, DnsCache } from '../../src/events/transports/dns-cache.js'
import { createHttpTransport } from '../../src/events/transports/http-webhook.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'

type Records = { a?: [string, number][]; aaaa?: [string, number][]; hang?: boolean }

/** A DNS server over UDP answering A and AAAA from `zone`; unknown names get NXDOMAIN. */
async function startDnsServer(zone: Record<string, Records>) {
  const queries: string[] = []
  const socket: Socket = createSocket('udp4')
  socket.on('message', (msg, rinfo) => {
    let at = 12
    const labels: string[] = []
    while (msg[at]! > 0) {
      labels.push(msg.subarray(at + 1, at + 1 + msg[at]!).toString('ascii'))
      at += msg[at]! + 1
    }
    const qtype = msg.readUInt16BE(at + 1)
    const question = msg.subarray(12, at + 5)
    const name = labels.join('.').toLowerCase()
    queries.push(`${name}/${qtype === 28 ? 'AAAA' : 'A'}`)
    const records = zone[name]
    if (records?.hang) return
    const answers = (qtype === 28 ? records?.aaaa : qtype === 1 ? records?.a : undefined) ?? []
    const header = Buffer.alloc(12)
    header.writeUInt16BE(msg.readUInt16BE(0), 0)
    header.writeUInt16BE(records ? 0x8180 : 0x8183, 2) // answer, recursion; NOERROR or NXDOMAIN
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answers.length, 6)
    const rrs = answers.map(([address, ttl]) => {
      const data = qtype === 1 ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address)
      const rr = Buffer.alloc(12)
      rr.writeUInt16BE(0xc00c, 0) // the name of the question
      rr.writeUInt16BE(qtype, 2)
      rr.writeUInt16BE(1, 4)
      rr.writeUInt32BE(ttl, 6)
      rr.writeUInt16BE(data.length, 10)
      return Buffer.concat([rr, data])
    })
    socket.send(Buffer.concat([header, question, ...rrs]), rinfo.port, rinfo.address)
  })
  socket.bind(0, '127.0.0.1')
  await once(socket, 'listening')
  return {
    server: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  }
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::')
  const words = (s: string) => (s === '' ? [] : s.split(':'))
  const left = words(head)
  const right = words(tail)
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  const b = Buffer.alloc(16)
  all.forEach((w, i) => b.writeUInt16BE(parseInt(w, 16), i * 2))
  return b
}

describe('webhook host names through c-ares', () => {
  let dns: Awaited<ReturnType<typeof startDnsServer>>
  let rx: Receiver
  before(async () => {
    dns = await startDnsServer({
      'hook.example': { a: [['127.0.0.1', 60]] },
      'dual.example': { a: [['198.51.100.7', 300]], aaaa: [['2001:db8::7', 120]] },
      'mixed.example': {
        a: [
          ['93.184.215.14', 60],
          ['10.1.2.3', 60],
        ],
      },
      'slow.example': { hang: true },
    })
    rx = await startReceiver()
  })
  after(async () => {
    await dns.close()
    await rx.close()
  })
  const resolver = () => caresResolver({ servers: [dns.server], timeoutMs: 300, tries: 1 })

  it('resolves A and AAAA with their TTLs', async () => {
    const found = await resolver()('dual.example')
    assert.deepEqual(found, [
      { address: '198.51.100.7', family: 4, ttlS: 300 },
      { address: '2001:db8::7', family: 6, ttlS: 120 },
    ])
  })

  it('reports a server that never answers as a timeout, and the cache remembers it', async () => {
    const cache = new DnsCache(resolver())
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'answered',
        (e: NodeJS.ErrnoException) => e.code,
      )
    assert.equal(await code(cache.resolve('slow.example')), 'ETIMEOUT')
    const asked = dns.queries.filter((q) => q.startsWith('slow.example')).length
    assert.equal(await code(cache.resolve('slow.example')), 'ETIMEOUT')
    assert.equal(
      dns.queries.filter((q) => q.startsWith('slow.example')).length,
      asked,
      'not asked again',
    )
  })

  it('posts to a webhook by its host name, resolving the name once for many calls', async () => {
    const http = createHttpTransport({
      timeoutMs: 5000,
      allowPrivate: true,
      resolveAll: new DnsCache(resolver()).resolveAll,
    })
    try {
      const url = rx.url.replace('127.0.0.1', 'hook.example')
      const results = await Promise.all(
        Array.from({ length: 5 }, () => http.post(`${url}/hook`, '{}', {})),
      )
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200, 200, 200, 200],
      )
      assert.equal(rx.received.length, 5)
      assert.equal(dns.queries.filter((q) => q === 'hook.example/A').length, 1)
    } finally {
      await http.close()
    }
  })

  it('refuses a name with any private address among its answers (SSRF guard)', async () => {
    const http = createHttpTransport({
      timeoutMs: 5000,
      allowPrivate: false,
      resolveAll: new DnsCache(resolver()).resolveAll,
    })
    try {
      const before = rx.received.length
      const mixed = await http.post('http://mixed.example/hook', '{}', {})
      assert.deepEqual([mixed.ok, mixed.error], [false, 'ETARGETPRIVATE'])
      const loopback = await http.post(
        `${rx.url.replace('127.0.0.1', 'hook.example')}/hook`,
        '{}',
        {},
      )
      assert.deepEqual([loopback.ok, loopback.error], [false, 'ETARGETPRIVATE'])
      assert.equal(rx.received.length, before, 'nothing reached the receiver')
    } finally {
      await http.close()
    }
  })
})
