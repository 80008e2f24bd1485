import { createServer } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Agent, request } from 'undici'
import { LoadConnection } from './http-load.js'
import { busyThreads, cpuMs, peakRssMiB, percentile, rssMiB, threadCpuMs } from './proc-stats.js'
import {
  BENCH_ADMIN,
  BENCH_TOKEN,
  routeToSmsc,
  startBenchCluster,
  startBenchServer,
  withPg,
  startBenchSmsc,
} from './server-process.js'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000)
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64)
const SAMPLE_EVERY = 100

/** The gateway under test: its API address and every process it runs as. */
type Gateway = { url: string; pids: number[]; stop: () => Promise<void> }

/** The embedded default: one process on SQLite. */
export async function benchEndToEnd() {
  const result = await medianRun(() =>
    endToEnd(
      async () => {
        const server = await startBenchServer()
        return { url: server.url, pids: [server.pid], stop: server.stop }
      },
      async () => undefined,
    ),
  )
  return {
    name: 'end-to-end',
    description: `${DESCRIPTION}; built server in its own process, SQLite`,
    ...result,
    target: { endToEndPerSecond: 6000 },
  }
}

/**
 * A million messages through one gateway (BENCH_MESSAGES overrides), to see its memory over a
 * long run: the resident set at every tenth, beside the usual figures. One run.
 * `heapCapMiB` bounds each V8 heap of the gateway (--max-old-space-size, as docs/deploy.md
 * advises), so that what is left to grow is what the gateway holds, not garbage V8 has not
 * collected yet.
 */
export async function benchEndToEndMillion(heapCapMiB?: number) {
  const env: Record<string, string> = heapCapMiB
    ? { NODE_OPTIONS: `--max-old-space-size=${heapCapMiB}` }
    : {}
  const result = await endToEnd(
    async () => {
      const server = await startBenchServer(env)
      return { url: server.url, pids: [server.pid], stop: server.stop }
    },
    async () => undefined,
    { messages: Number(process.env.BENCH_MESSAGES ?? 1_000_000) },
  )
  const heap = heapCapMiB ? `; each V8 heap capped at ${heapCapMiB} MiB` : ''
  return {
    name: heapCapMiB ? `end-to-end-1m-heap${heapCapMiB}` : 'end-to-end-1m',
    description: `${DESCRIPTION}; built server in its own process, SQLite; resident memory at every tenth of the messages${heap}`,
    ...result,
    target: { rss: 'flat' },
  }
}

/**
 * The same with the callback a Kannel setup is measured with (its dlr-url): every receipt ends
 * as a signed `sms.delivery` webhook POST to a receiver on loopback, and a message counts once
 * its callback has arrived. Latency is accept → callback.
 */
export async function benchEndToEndWebhook() {
  const gateway = async () => {
    const server = await startBenchServer({ TAUBE_WEBHOOK_ALLOW_PRIVATE: '1' })
    return { url: server.url, pids: [server.pid], stop: server.stop }
  }
  const result = await medianRun(() => endToEnd(gateway, async () => undefined, { webhook: true }))
  // Then offered at half the median run's rate, for at most 35 s: the latency a gateway with
  // headroom gives, where the saturated runs measure queues. The first 5 s are its warm-up.
  const rate = Math.round(result.endToEndPerSecond / 2)
  const half = await endToEnd(gateway, async () => undefined, {
    webhook: true,
    ratePerSecond: rate,
    messages: Math.min(MESSAGES, rate * 35),
    warmupMs: 5_000,
  })
  return {
    name: 'end-to-end-webhook',
    description: `${DESCRIPTION} → sms.delivery webhook POST to a receiver on loopback; built server in its own process, SQLite; then offered at half the median rate (atHalfRate)`,
    ...result,
    atHalfRate: {
      offeredPerSecond: rate,
      messages: half.messages,
      endToEndPerSecond: half.endToEndPerSecond,
      acceptToCallbackMs: half.acceptToDlrMs,
      warmupAcceptToCallbackMs: half.warmupAcceptToDlrMs,
      cpuMicrosPerMessage: half.cpuMicrosPerMessage,
    },
    target: { atHalfRate: { acceptToCallbackMsP99: 250 } },
  }
}

/** Production mode: an API process and 1, then 2, dispatcher processes on PostgreSQL. */
export async function benchEndToEndPostgres() {
  const runs = []
  for (const dispatchers of [1, 2]) {
    let databaseUrl = ''
    const result = await endToEnd(
      async () => {
        const cluster = await startBenchCluster(dispatchers)
        databaseUrl = cluster.databaseUrl
        return cluster
      },
      // Before sending: every dispatcher runs its share of the two sessions.
      async () => {
        for (;;) {
          const owners = await withPg(
            databaseUrl,
            async (c) =>
              (
                await c.query(
                  `select distinct owner from connector_slots where owner is not null and expires_at > $1`,
                  [Date.now()],
                )
              ).rowCount,
          )
          if (owners === dispatchers) return
          await new Promise((r) => setTimeout(r, 250))
        }
      },
    )
    runs.push({ dispatchers, ...result })
  }
  return {
    name: 'end-to-end-pg',
    description: `${DESCRIPTION}; PostgreSQL, one API process and 1 or 2 dispatcher processes sharing the sessions`,
    runs,
  }
}

type RunFigures = { endToEndPerSecond: number; cpuMicrosPerMessage: Record<string, number> }

/**
 * BENCH_RUNS runs (default 3), each against a fresh gateway: this machine's speed drifts by a
 * third over an hour, so one run says little. The result is the median run by throughput, with
 * every run's throughput and CPU listed beside it.
 */
async function medianRun<T extends RunFigures>(
  run: () => Promise<T>,
): Promise<T & { runs: RunFigures[] }> {
  const results: T[] = []
  for (let i = 0; i < RUNS; i++) results.push(await run())
  const median = [...results].sort((a, b) => a.endToEndPerSecond - b.endToEndPerSecond)[
    (RUNS - 1) >> 1
  ]!
  const runs = results.map((r) => ({
    endToEndPerSecond: r.endToEndPerSecond,
    cpuMicrosPerMessage: r.cpuMicrosPerMessage,
  }))
  return { ...median, runs }
}

/** Resident memory at every tenth of the messages delivered: flat, or growing with them. */
function rssCurve(samples: { delivered: number; rssMiB: number }[], n: number) {
  const at = []
  for (let tenth = 1; tenth <= 10; tenth++) {
    const s = samples.find((x) => x.delivered >= (n * tenth) / 10) ?? samples[samples.length - 1]
    if (s) at.push({ delivered: s.delivered, rssMiB: s.rssMiB })
  }
  return { max: Math.max(0, ...samples.map((s) => s.rssMiB)), byTenth: at }
}

const DESCRIPTION =
  'HTTP POST /sms → SMPP (2 sessions, window 200) → taube smsc-sim → receipts over SMPP'

/**
 * End to end on loopback: HTTP POST /sms → dispatcher → SMPP → taube smsc-sim → delivery
 * receipts back over SMPP. Latency is measured accept → dlr_code 1 on every 100th message.
 */
async function endToEnd(
  start: () => Promise<Gateway>,
  ready: () => Promise<void>,
  opts: { webhook?: boolean; messages?: number; ratePerSecond?: number; warmupMs?: number } = {},
) {
  const N = opts.messages ?? MESSAGES
  const hooks = opts.webhook ? await startHookReceiver() : null
  const sim = await startBenchSmsc()
  const server = await start()
  const agent = new Agent({ connections: CONCURRENCY, pipelining: 1 })
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    admin = false,
  ) => {
    const r = await request(`${server.url}${path}`, {
      method,
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        ...(admin
          ? { authorization: `Bearer ${BENCH_ADMIN}` }
          : { 'x-lox24-auth-token': BENCH_TOKEN }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.body.text()
    return { status: r.statusCode, body: text === '' ? null : JSON.parse(text) }
  }
  try {
    await routeToSmsc(server.url, { port: sim.port, sessions: 2, window: 200 })
    if (hooks) {
      const hook = await call('POST', '/webhooks', { uri: hooks.url, events: ['sms.delivery'] })
      if (hook.status !== 201) throw new Error(`webhook: ${JSON.stringify(hook.body)}`)
    }
    await ready()

    // The senders: the lean client, so that the machine's CPU goes to the gateway under test.
    const connections = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => LoadConnection.open(server.url)),
    )
    const gatewayCpuMs = () => server.pids.reduce((sum, pid) => sum + cpuMs(pid), 0)
    const cpuAtStart = {
      gateway: gatewayCpuMs(),
      bench: process.cpuUsage(),
      threads: server.pids.map(threadCpuMs),
    }
    const samples: { uuid: string; ref: string; acceptedAt: number }[] = []
    const latencies: number[] = []
    const start = performance.now()
    let next = 0
    let accepted = 0
    let lastSubmitAt = start
    let lastParts = 0
    const poll = setInterval(() => {
      const p = sim.stats().parts
      if (p > lastParts) {
        lastParts = p
        lastSubmitAt = performance.now()
      }
    }, 20)
    // The gateway's resident memory as the messages go through, once a second.
    const rss: { delivered: number; rssMiB: number }[] = []
    const rssTimer = setInterval(() => {
      rss.push({
        delivered: sim.stats().receiptsSent,
        rssMiB: server.pids.reduce((sum, pid) => sum + rssMiB(pid), 0),
      })
    }, 1000)
    const pending = new Set<string>()
    // Messages accepted in the first warmupMs are counted apart: a fresh process compiles its
    // code and opens its connections then.
    const warmupLatencies: number[] = []
    const record = (s: { acceptedAt: number }, ms: number) =>
      (s.acceptedAt - start < (opts.warmupMs ?? 0) ? warmupLatencies : latencies).push(ms)
    const watcher = (async () => {
      // With callbacks, a sample's latency is taken when its callback arrives.
      if (hooks) {
        await hooks.arrived(N)
        for (const s of samples) record(s, hooks.at.get(s.ref)! - s.acceptedAt)
        return
      }
      while (pending.size > 0 || next < N) {
        for (const s of samples.filter((x) => pending.has(x.uuid))) {
          const r = await call('GET', `/sms/${s.uuid}`)
          if (r.body.dlr_code === 1) {
            record(s, performance.now() - s.acceptedAt)
            pending.delete(s.uuid)
          }
        }
        await new Promise((r) => setTimeout(r, 10))
      }
    })()
    const headers = { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN }
    await Promise.all(
      connections.map(async (connection) => {
        while (next < N) {
          const i = next++
          // Paced: message i falls due i/rate seconds after the start.
          const wait = opts.ratePerSecond
            ? start + (i / opts.ratePerSecond) * 1000 - performance.now()
            : 0
          if (wait > 0) await new Promise((r) => setTimeout(r, wait))
          const body = `{"text":"bench message ${i}","sender_id":"Taube","phone":"+491701234567","callback_data":"${i}"}`
          const r = await connection.request('POST', '/sms', headers, body)
          if (r.status !== 201) throw new Error(`accept failed: ${r.status} ${r.body}`)
          accepted++
          if (i % SAMPLE_EVERY === 0) {
            const { uuid } = JSON.parse(r.body) as { uuid: string }
            samples.push({ uuid, ref: String(i), acceptedAt: performance.now() })
            pending.add(uuid)
          }
        }
      }),
    )
    const acceptDone = performance.now()
    for (const c of connections) c.close()
    while (sim.stats().receiptsSent < N) await new Promise((r) => setTimeout(r, 20))
    await watcher
    const dlrDone = performance.now()
    clearInterval(poll)
    clearInterval(rssTimer)
    const gatewayCpu = gatewayCpuMs() - cpuAtStart.gateway
    const threads = server.pids.map((pid, i) =>
      busyThreads(cpuAtStart.threads[i]!, threadCpuMs(pid), N),
    )
    const benchCpu = process.cpuUsage(cpuAtStart.bench)
    const seconds = (dlrDone - start) / 1000
    latencies.sort((a, b) => a - b)
    warmupLatencies.sort((a, b) => a - b)
    return {
      messages: N,
      acceptedPerSecond: Math.round(accepted / ((acceptDone - start) / 1000)),
      submittedPerSecond: Math.round(sim.stats().parts / ((lastSubmitAt - start) / 1000)),
      endToEndPerSecond: Math.round(N / seconds),
      totalSeconds: Number(seconds.toFixed(1)),
      acceptToDlrMs: {
        samples: latencies.length,
        p50: Math.round(percentile(latencies, 50)),
        p99: Math.round(percentile(latencies, 99)),
      },
      ...(opts.warmupMs
        ? {
            warmupAcceptToDlrMs: {
              seconds: opts.warmupMs / 1000,
              samples: warmupLatencies.length,
              p50: Math.round(percentile(warmupLatencies, 50)),
              p99: Math.round(percentile(warmupLatencies, 99)),
            },
          }
        : {}),
      gatewayPeakRssMiB: server.pids.map(peakRssMiB),
      gatewayRssMiB: rssCurve(rss, N),
      // What one message costs, whatever the throughput: the gateway's CPU (all its processes),
      // and that of this process (HTTP load generator and taube smsc-sim), which shares the machine.
      cpuMicrosPerMessage: {
        gateway: Math.round((gatewayCpu * 1000) / N),
        loadGeneratorAndSmsc: Math.round((benchCpu.user + benchCpu.system) / N),
      },
      // Per gateway process, its busy threads: where the work runs and which one bounds it.
      gatewayThreads: threads,
      sim: sim.stats(),
    }
  } finally {
    await agent.close()
    await server.stop()
    await sim.close()
    hooks?.close()
  }
}

/** Counts webhook POSTs and keeps when each callback_data arrived. */
async function startHookReceiver() {
  const at = new Map<string, number>()
  let waiter: { n: number; resolve: () => void } | null = null
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (d: Buffer) => chunks.push(d))
    req.on('end', () => {
      const ref = (
        JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { callback_data: string } }
      ).data.callback_data
      at.set(ref, performance.now())
      res.writeHead(200).end()
      if (waiter && at.size >= waiter.n) waiter.resolve()
    })
  })
  receiver.listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    at,
    arrived: (n: number) =>
      at.size >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })),
    close: () => {
      receiver.closeAllConnections()
      receiver.close()
    },
  }
}
