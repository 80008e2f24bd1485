import { createServer } from 'node:http'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { Agent, request } from 'undici'
import { busyThreads, percentile, threadCpuMs } from './proc-stats.js'
import { removeOnExit } from './leftovers.js'
import { BENCH_TOKEN, startBenchServer } from './server-process.js'

const N = Number(process.env.BENCH_EVENTS ?? 50_000)
const CONCURRENCY = 32

/**
 * Event notifications, in two phases.
 * - live: N `POST /sms/dryrun` each record an `sms.delivery.dryrun` event in the outbox; the same
 *   process's event worker posts them, signed, to a webhook receiver on loopback. Lag is
 *   measured per event from the dryrun's answer (the event committed) to its arrival. One API
 *   request per event: this phase measures the API as much as the event path.
 * - backlog: an API-role process records N events and stops; then an events-role process on the
 *   same SQLite file delivers them. Nothing but the event path runs in it.
 */
export async function benchEvents() {
  const receiver = await startEventReceiver()
  const dir = mkdtempSync(join(tmpdir(), 'taube-bench-events-'))
  const leftover = removeOnExit(dir)
  try {
    const live = await liveEvents(receiver)
    const backlog = await backlogEvents(receiver, `sqlite:${join(dir, 'backlog.db')}`)
    return {
      name: 'events',
      description:
        'live: POST /sms/dryrun → outbox → event worker → signed webhook POST to a receiver on loopback, one process (role all); backlog: N events recorded by an API-role process, then delivered by an events-role process alone; built server in its own process, SQLite',
      events: N,
      live,
      backlog,
    }
  } finally {
    receiver.close()
    rmSync(dir, { recursive: true, force: true })
    leftover.forget()
  }
}

async function liveEvents(receiver: EventReceiver) {
  const server = await startBenchServer({ TAUBE_WEBHOOK_ALLOW_PRIVATE: '1' })
  try {
    const api = apiClient(server.url)
    await api.post('/webhooks', { uri: receiver.url, events: ['sms.delivery.dryrun'] })
    const arrived = receiver.expect('live', N)
    const start = performance.now()
    const threadsAtStart = threadCpuMs(server.pid)
    const committedAt = await recordEvents(api, 'live', N)
    const generated = performance.now()
    await arrived
    const gatewayThreads = busyThreads(threadsAtStart, threadCpuMs(server.pid), N)
    // An event may arrive before the answer to its request does: its lag counts as 0.
    const lags = receiver
      .arrivals()
      .map((at, i) => Math.max(0, at - committedAt[i]!))
      .sort((a, b) => a - b)
    await api.close()
    return {
      recordedPerSecond: Math.round(N / ((generated - start) / 1000)),
      deliveredPerSecond: Math.round(N / ((receiver.lastArrival() - start) / 1000)),
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
    await server.stop()
  }
}

async function backlogEvents(receiver: EventReceiver, databaseUrl: string) {
  const env = { TAUBE_WEBHOOK_ALLOW_PRIVATE: '1', TAUBE_DATABASE_URL: databaseUrl }
  const apiServer = await startBenchServer(env, 'api')
  const recordStart = performance.now()
  try {
    const api = apiClient(apiServer.url)
    await api.post('/webhooks', { uri: receiver.url, events: ['sms.delivery.dryrun'] })
    await recordEvents(api, 'backlog', N)
    await api.close()
  } finally {
    await apiServer.stop()
  }
  const recordedPerSecond = Math.round(N / ((performance.now() - recordStart) / 1000))

  const arrived = receiver.expect('backlog', N)
  const worker = await startBenchServer(env, 'events')
  try {
    // From here on: the process has started (migrations checked, modules loaded) and delivers.
    const threadsAtListening = threadCpuMs(worker.pid)
    const arrivedAtListening = receiver.count()
    await arrived
    const first = receiver.arrivals().reduce((a, b) => Math.min(a, b))
    return {
      recordedPerSecond,
      // From the worker's first delivery to its last: the rate of the event path alone.
      deliveredPerSecond: Math.round(N / ((receiver.lastArrival() - first) / 1000)),
      // CPU µs per event of each busy thread of the events-role process, for the events it
      // delivered after it began to listen (its start left out).
      gatewayThreads: busyThreads(
        threadsAtListening,
        threadCpuMs(worker.pid),
        N - arrivedAtListening,
      ),
    }
  } finally {
    await worker.stop()
  }
}

type ApiClient = { post(path: string, body: unknown): Promise<void>; close(): Promise<void> }

function apiClient(url: string): ApiClient {
  const agent = new Agent({ connections: CONCURRENCY })
  return {
    async post(path, body) {
      const r = await request(`${url}${path}`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN },
        body: JSON.stringify(body),
      })
      const text = await r.body.text()
      if (r.statusCode !== 201) throw new Error(`${path}: ${r.statusCode} ${text}`)
    },
    close: () => agent.close(),
  }
}

/** N dryruns with callback_data "<run>/<i>"; the time each was answered, by i. */
async function recordEvents(api: ApiClient, run: string, n: number): Promise<Float64Array> {
  const committedAt = new Float64Array(n)
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++
        await api.post('/sms/dryrun', {
          text: 'event bench',
          sender_id: 'Taube',
          phone: '+491701234567',
          callback_data: `${run}/${i}`,
        })
        committedAt[i] = performance.now()
      }
    }),
  )
  return committedAt
}

type EventReceiver = {
  url: string
  /** Resolves when each of events "<run>/0" … "<run>/<n-1>" has arrived. */
  expect(run: string, n: number): Promise<void>
  /** performance.now() of each event's first arrival, by i. */
  arrivals(): number[]
  lastArrival(): number
  /** Events of the run arrived so far. */
  count(): number
  close(): void
}

async function startEventReceiver(): Promise<EventReceiver> {
  let run = ''
  let at = new Float64Array(0)
  let count = 0
  let last = 0
  let done: () => void = () => undefined
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      const now = performance.now()
      const ref = (JSON.parse(body) as { data: { callback_data: string } }).data.callback_data
      const slash = ref.indexOf('/')
      const i = Number(ref.slice(slash + 1))
      if (ref.slice(0, slash) === run && at[i] === 0) {
        at[i] = now
        last = now
        if (++count === at.length) done()
      }
      res.writeHead(200, { 'content-length': 0 }).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    expect(id, n) {
      run = id
      at = new Float64Array(n)
      count = 0
      return new Promise<void>((resolve) => (done = resolve))
    },
    arrivals: () => [...at],
    lastArrival: () => last,
    count: () => count,
    close() {
      server.closeAllConnections()
      server.close()
    },
  }
}
