// A webhook receiver on 127.0.0.1: records every request and answers as told.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'

export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string }
/** An HTTP status to answer with, or 'hang' to never answer. */
export type Answer = number | 'hang'

export type Receiver = {
  url: string
  received: Received[]
  /** Answers for the next requests, in order; afterwards `fallback`. */
  answers: Answer[]
  fallback: Answer
  json: () => any[]
  close: () => Promise<void>
}

export async function startReceiver(fallback: Answer = 200): Promise<Receiver> {
  const r: Receiver = {
    url: '',
    received: [],
    answers: [],
    fallback,
    json: () => r.received.map((x) => JSON.parse(x.body)),
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      r.received.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      const answer = r.answers.shift() ?? r.fallback
      if (answer !== 'hang') res.writeHead(answer).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return r
}
