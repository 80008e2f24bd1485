// A DNS server on 127.0.0.1 (UDP) that answers MX queries from a table, so fraud checks look up
// mail domains without leaving the machine. A domain with hosts answers them; one with an empty
// list exists without MX records (NODATA); any other does not exist (NXDOMAIN).
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'

export type DnsServer = {
  /** `127.0.0.1:<port>`, as TAUBE_FRAUD_DNS_SERVERS takes it. */
  address: string
  /** The names asked for, in order. */
  asked: string[]
  close: () => Promise<void>
}

const MX = 15

export async function startDnsServer(zones: Record<string, string[]>): Promise<DnsServer> {
  const socket = createSocket('udp4')
  const asked: string[] = []
  socket.on('message', (query, peer) => {
    const q = readQuestion(query)
    if (q === null) return
    asked.push(q.name)
    const hosts = Object.hasOwn(zones, q.name.toLowerCase()) ? zones[q.name.toLowerCase()]! : null
    const answers = q.type === MX && hosts !== null ? hosts : []
    const header = Buffer.alloc(12)
    header.writeUInt16BE(query.readUInt16BE(0), 0)
    // QR, the query's opcode and RD; AA, RA; rcode 3 (NXDOMAIN) for a name not in the table.
    const flags = 0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080 | (hosts ? 0 : 3)
    header.writeUInt16BE(flags, 2)
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answers.length, 6)
    const records = answers.map((host, i) => {
      const exchange = encodeName(host)
      const rr = Buffer.alloc(12)
      rr.writeUInt16BE(0xc00c, 0) // the question's name
      rr.writeUInt16BE(MX, 2)
      rr.writeUInt16BE(1, 4) // IN
      rr.writeUInt32BE(300, 6)
      rr.writeUInt16BE(2 + exchange.length, 10)
      const pref = Buffer.alloc(2)
      pref.writeUInt16BE(10 * (i + 1))
      return Buffer.concat([rr, pref, exchange])
    })
    const answer = Buffer.concat([header, query.subarray(12, q.end), ...records])
    socket.send(answer, peer.port, peer.address)
  })
  socket.bind(0, '127.0.0.1')
  await once(socket, 'listening')
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    asked,
    close: async () => {
      socket.close()
      await once(socket, 'close')
    },
  }
}

function readQuestion(msg: Buffer): { name: string; type: number; end: number } | null {
  if (msg.length < 17 || msg.readUInt16BE(4) < 1) return null
  const labels: string[] = []
  let i = 12
  while (i < msg.length && msg[i] !== 0) {
    const len = msg[i]!
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('ascii'))
    i += 1 + len
  }
  if (i + 5 > msg.length) return null
  return { name: labels.join('.'), type: msg.readUInt16BE(i + 1), end: i + 5 }
}

function encodeName(name: string): Buffer {
  const labels = name === '.' ? [] : name.split('.').filter((l) => l !== '')
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])),
    Buffer.from([0]),
  ])
}
