import { createServer } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Agent, request } from 'undici'
import { busyThreads, threadCpuMs } from './proc-stats.js'
import { BENCH_TOKEN, startBenchServer } from './server-process.js'

const N = Number(process.env.BENCH_EVENTS ?? 50_000)
const CONCURRENCY = 32

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * Event notifications: N `POST /sms/dryrun` each record an `sms.delivery.dryrun` event in the
 * outbox; the gateway's event worker posts them, signed, to a webhook receiver on loopback. Lag
 * is measured per event from the dryrun's answer (the event committed) to its arrival.
 */
export async function benchEvents() {
  const committedAt = new Map<string, number>()
  const arrivedAt = new Map<string, number>()
  let lastArrival = 0
  let done: () => void = () => undefined
  const allArrived = new Promise<void>((resolve) => (done = resolve))
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const now = performance.now()
      const ref = (JSON.parse(body) as { data: { callback_data: string } }).data.callback_data
      arrivedAt.set(ref, now)
      lastArrival = now
      res.writeHead(200).end()
      if (arrivedAt.size >= N) done()
    })
  })
  receiver.listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`

  const server = await startBenchServer({ TAUBE_WEBHOOK_ALLOW_PRIVATE: '1' })
  const agent = new Agent({ connections: CONCURRENCY })
  const post = async (path: string, body: unknown) => {
    const r = await request(`${server.url}${path}`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN },
      body: JSON.stringify(body),
    })
    const text = await r.body.text()
    if (r.statusCode !== 201) throw new Error(`${path}: ${r.statusCode} ${text}`)
  }
  try {
    await post('/webhooks', { uri: hookUrl, events: ['sms.delivery.dryrun'] })
    const start = performance.now()
    const threadsAtStart = threadCpuMs(server.pid)
    let next = 0
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const ref = `e${next++}`
          await post('/sms/dryrun', {
            text: 'event bench',
            sender_id: 'Taube',
            phone: '+491701234567',
            callback_data: ref,
          })
          committedAt.set(ref, performance.now())
        }
      }),
    )
    const generated = performance.now()
    await allArrived
    const gatewayThreads = busyThreads(threadsAtStart, threadCpuMs(server.pid), N)
    // An event may arrive before the answer to its request does: its lag counts as 0.
    const lags = [...arrivedAt]
      .map(([ref, at]) => Math.max(0, at - committedAt.get(ref)!))
      .sort((a, b) => a - b)
    return {
      name: 'events',
      description:
        'POST /sms/dryrun → outbox → event worker → signed webhook POST to a receiver on loopback; built server in its own process, SQLite',
      events: N,
      recordedPerSecond: Math.round(N / ((generated - start) / 1000)),
      deliveredPerSecond: Math.round(N / ((lastArrival - start) / 1000)),
      deliveryLagMs: {
        p50: Math.round(percentile(lags, 50)),
        p99: Math.round(percentile(lags, 99)),
        max: Math.round(lags.at(-1) ?? 0),
      },
      // CPU µs per event of each busy thread of the gateway (the API and the event worker share
      // the main thread).
      gatewayThreads,
    }
  } finally {
    await agent.close()
    await server.stop()
    receiver.closeAllConnections()
    receiver.close()
  }
}
