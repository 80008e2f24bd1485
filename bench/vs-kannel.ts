import type { SmscSim } from '../src/smsc-sim/smsc-sim.js'
import { startCallbackReceiver, type CallbackReceiver } from './callback-receiver.js'
import { cpuProbeMs, probeSpread } from './cpu-probe.js'
import { LoadConnection } from './http-load.js'
import { KANNEL_PASSWORD, KANNEL_USER } from './kannel/kannel-config.js'
import { ensureKannel, startKannel } from './kannel/kannel-process.js'
import { busyThreads, cpuMs, peakRssMiB, percentile, threadCpuMs } from './proc-stats.js'
import { BENCH_TOKEN, routeToSmsc, startBenchServer, startBenchSmsc } from './server-process.js'

// Taube against Kannel 1.4.5, side by side on loopback with a callback per message: the same
// load generator, the same SMSC simulator answering DELIVRD right after each submit_sm_resp and
// the same callback receiver; only the gateway differs. Runs alternate Kannel, Taube, … and a
// pair counts only when the CPU-speed probes around both its runs agree within 10 %.

const N = Number(process.env.BENCH_MESSAGES ?? 20_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32)
const PAIRS = Math.max(1, Number(process.env.BENCH_PAIRS ?? 3))
/** Pairs run at most, kept and discarded together, so that a noisy spell cannot run forever. */
const MAX_PAIRS = Math.max(PAIRS, Number(process.env.BENCH_MAX_PAIRS ?? PAIRS * 3))
const PROBE_TOLERANCE = Number(process.env.BENCH_PROBE_TOLERANCE ?? 0.1)
/** No new final report for this long: the messages still without one count as lost. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_SECONDS ?? 30) * 1000
/** After the last final report, how long a duplicate still counts. */
const DUPLICATE_GRACE_MS = 2_000
/**
 * Messages sent and called back before the measured ones, not counted (default none): the
 * figures of a short run then leave out Node's compiling of the hot paths.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 0)
const BINDS = 2
const WINDOW = 500

/** `delivery`: Kannel dlr-mask 1, Taube's webhook on sms.delivery; `all`: dlr-mask 31, every event. */
export type VsKannelMode = 'delivery' | 'all'

/** A gateway started for one run: where its load goes and every process it runs as. */
type Running = {
  processes: { name: string; pid: number }[]
  url: string
  /** The request that sends message `i` of run `run`. */
  send: (run: string, i: number) => { method: string; path: string; body?: string }
  acceptedStatus: number
  headers: Record<string, string>
  stop: () => Promise<void>
}

type Contender = { name: 'kannel' | 'taube'; start: () => Promise<Running> }

export async function benchVsKannel(mode: VsKannelMode) {
  const kannelVersion = ensureKannel()
  const dlrMask = mode === 'all' ? 31 : 1
  const receiver = await startCallbackReceiver()
  const sim = await startBenchSmsc()
  const text = (i: number) => `bench message ${i}`
  const kannel: Contender = {
    name: 'kannel',
    async start() {
      const k = await startKannel({
        smsc: { port: sim.port, systemId: 'bench', password: 'bench' },
        binds: BINDS,
        maxPendingSubmits: WINDOW,
      })
      const fixed = `/cgi-bin/sendsms?username=${KANNEL_USER}&password=${KANNEL_PASSWORD}&from=Taube&to=%2B491701234567&dlr-mask=${dlrMask}`
      return {
        processes: [
          { name: 'bearerbox', pid: k.pids.bearerbox },
          { name: 'smsbox', pid: k.pids.smsbox },
        ],
        url: k.sendsmsUrl,
        send: (run, i) => ({
          method: 'GET',
          path: `${fixed}&text=${encodeURIComponent(text(i))}&dlr-url=${encodeURIComponent(`${receiver.url}/kannel/${run}/${i}?d=%d`)}`,
        }),
        acceptedStatus: 202,
        headers: {},
        stop: k.stop,
      }
    },
  }
  const taube: Contender = {
    name: 'taube',
    async start() {
      const server = await startBenchServer({ TAUBE_WEBHOOK_ALLOW_PRIVATE: '1' })
      try {
        const sessions = sim.stats().openSessions
        await routeToSmsc(server.url, { port: sim.port, sessions: BINDS, window: WINDOW })
        // Absent events: every event, as an account that subscribes to all.
        const hook = await fetch(`${server.url}/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN },
          body: JSON.stringify({
            uri: `${receiver.url}/taube`,
            ...(mode === 'all' ? {} : { events: ['sms.delivery'] }),
          }),
        })
        if (hook.status !== 201) throw new Error(`webhook: ${await hook.text()}`)
        // As Kannel's run starts with its binds online.
        await waitFor(() => sim.stats().openSessions >= sessions + BINDS, 'Taube binds')
      } catch (err) {
        await server.stop()
        throw err
      }
      return {
        processes: [{ name: 'taube', pid: server.pid }],
        url: server.url,
        send: (run, i) => ({
          method: 'POST',
          path: '/sms',
          body: `{"text":"${text(i)}","sender_id":"Taube","phone":"+491701234567","callback_data":"${run}/${i}"}`,
        }),
        acceptedStatus: 201,
        headers: { 'content-type': 'application/json', 'x-lox24-auth-token': BENCH_TOKEN },
        stop: server.stop,
      }
    },
  }

  const pairs = []
  try {
    let kept = 0
    for (let pair = 1; kept < PAIRS && pair <= MAX_PAIRS; pair++) {
      const k = await probedRun(kannel, `${pair}k`, receiver, sim)
      const t = await probedRun(taube, `${pair}t`, receiver, sim)
      const spread = probeSpread([
        k.probesMs.before,
        k.probesMs.after,
        ...Object.values(t.probesMs),
      ])
      const keep = spread <= PROBE_TOLERANCE
      if (keep) kept++
      const ratio = round(t.perSecond / k.perSecond, 2)
      console.log(
        `pair ${pair}: Taube/Kannel ${ratio}, probes ${round(spread * 100, 1)} % apart: ${keep ? 'kept' : 'discarded'}`,
      )
      pairs.push({ pair, kept: keep, probeSpread: spread, ratio, kannel: k, taube: t })
    }
  } finally {
    await sim.close()
    receiver.close()
  }
  const ratios = pairs.filter((p) => p.kept).map((p) => p.ratio)
  console.log(
    ratios.length > 0
      ? `median Taube/Kannel of ${ratios.length} kept pairs: ${median(ratios)} (${pairs.length - ratios.length} discarded)`
      : `no pair kept of ${pairs.length}: the machine's speed varied too much`,
  )
  return {
    // A warmed-up series is recorded beside the cold one, not over it.
    name: `${mode === 'all' ? 'vs-kannel-all' : 'vs-kannel'}${WARMUP > 0 ? '-warm' : ''}`,
    description:
      `Kannel ${kannelVersion} (bearerbox + smsbox, ${BINDS} SMPP binds, max-pending-submits ${WINDOW}, store-type file, log level 4, dlr-mask ${dlrMask}, load on /cgi-bin/sendsms with a dlr-url per message) ` +
      `against Taube (POST /sms, SQLite, ${BINDS} SMPP sessions, window ${WINDOW}, one webhook on ${mode === 'all' ? 'every event' : 'sms.delivery'}); ` +
      `${N} messages per run, ${CONCURRENCY} keep-alive connections, taube smsc-sim answering DELIVRD at once, one callback receiver; ` +
      'rate = messages / (first accept → last final callback); pairs whose CPU-speed probes differ by more than ' +
      `${PROBE_TOLERANCE * 100} % are discarded`,
    kannelVersion,
    settings: {
      messages: N,
      warmup: WARMUP,
      concurrency: CONCURRENCY,
      pairs: PAIRS,
      maxPairs: MAX_PAIRS,
      dlrMask,
    },
    medianRatio: ratios.length > 0 ? median(ratios) : null,
    keptPairs: ratios.length,
    discardedPairs: pairs.length - ratios.length,
    pairs,
    target: mode === 'delivery' ? { medianRatio: 2 } : undefined,
  }
}

/** One run between two CPU-speed probes, each taken with no gateway running. */
async function probedRun(
  contender: Contender,
  run: string,
  receiver: CallbackReceiver,
  sim: SmscSim,
) {
  const before = cpuProbeMs()
  const gateway = await contender.start()
  let figures
  try {
    figures = await measure(gateway, run, receiver)
  } finally {
    await gateway.stop()
  }
  await waitFor(() => sim.stats().openSessions === 0, 'SMPP sessions closed')
  const after = cpuProbeMs()
  const result = { gateway: contender.name, probesMs: { before, after }, ...figures }
  console.log(
    `${contender.name.padEnd(6)} ${String(result.perSecond).padStart(6)} msg/s, accept→callback p50 ${result.acceptToCallbackMs.p50} ms p99 ${result.acceptToCallbackMs.p99} ms, ` +
      `lost ${result.lost}, duplicated ${result.duplicated}, ${result.cpuMicrosPerMessage.gateway} µs CPU/msg, ` +
      `peak RSS ${result.peakRssMiB.total} MiB, probes ${before}/${after} ms`,
  )
  return result
}

/** Sends messages 0…n-1 of `run` over the connections; resolves with when each was accepted. */
async function send(
  gateway: Running,
  connections: LoadConnection[],
  run: string,
  n: number,
): Promise<Float64Array> {
  const acceptedAt = new Float64Array(n)
  let next = 0
  await Promise.all(
    connections.map(async (connection) => {
      while (next < n) {
        const i = next++
        const r = gateway.send(run, i)
        const answer = await connection.request(r.method, r.path, gateway.headers, r.body)
        if (answer.status !== gateway.acceptedStatus) {
          throw new Error(`accept failed: ${answer.status} ${answer.body}`)
        }
        acceptedAt[i] = performance.now()
      }
    }),
  )
  return acceptedAt
}

async function measure(gateway: Running, run: string, receiver: CallbackReceiver) {
  const connections = await Promise.all(
    Array.from({ length: CONCURRENCY }, () => LoadConnection.open(gateway.url)),
  )
  const pids = gateway.processes.map((p) => p.pid)
  let acceptedAt: Float64Array
  let cpuAtStart
  let benchAtStart
  let start
  try {
    if (WARMUP > 0) {
      receiver.begin(`${run}w`, WARMUP)
      await send(gateway, connections, `${run}w`, WARMUP)
      await settled(receiver)
    }
    receiver.begin(run, N)
    cpuAtStart = { processes: pids.map(cpuMs), threads: pids.map(threadCpuMs) }
    benchAtStart = process.cpuUsage()
    start = performance.now()
    acceptedAt = await send(gateway, connections, run, N)
  } finally {
    for (const c of connections) c.close()
  }
  const acceptDone = performance.now()
  await settled(receiver)
  const cpuAtEnd = { processes: pids.map(cpuMs), threads: pids.map(threadCpuMs) }
  const bench = process.cpuUsage(benchAtStart)
  const peak = gateway.processes.map((p) => [p.name, peakRssMiB(p.pid)] as const)
  // Late duplicates of final reports still count; the rate and CPU above are taken without them.
  await new Promise((r) => setTimeout(r, DUPLICATE_GRACE_MS))
  const counts = receiver.counts()

  const finalAt = receiver.finalAt()
  const firstAccept = acceptedAt.reduce((a, b) => Math.min(a, b), Infinity)
  let lastFinal = firstAccept
  const latencies: number[] = []
  for (let i = 0; i < N; i++) {
    if (finalAt[i] === 0) continue
    lastFinal = Math.max(lastFinal, finalAt[i]!)
    // Kannel may report before its HTTP answer has arrived: latency 0 then.
    latencies.push(Math.max(0, finalAt[i]! - acceptedAt[i]!))
  }
  latencies.sort((a, b) => a - b)
  const perMessage = (ms: number) => Math.round((ms * 1000) / N)
  const cpuUsed = pids.map((_, i) => cpuAtEnd.processes[i]! - cpuAtStart.processes[i]!)
  return {
    messages: N,
    perSecond: Math.round(counts.finals / ((lastFinal - firstAccept) / 1000)),
    acceptedPerSecond: Math.round(N / ((acceptDone - start) / 1000)),
    acceptToCallbackMs: {
      p50: Math.round(percentile(latencies, 50)),
      p99: Math.round(percentile(latencies, 99)),
    },
    lost: N - counts.finals,
    duplicated: counts.duplicated,
    callbacks: counts.callbacks,
    notDelivered: counts.notDelivered,
    strayCallbacks: counts.stray,
    peakRssMiB: {
      total: peak.reduce((sum, [, mib]) => sum + mib, 0),
      ...Object.fromEntries(peak),
    },
    // All the gateway's processes, each, and per thread (a Node process names its threads).
    cpuMicrosPerMessage: {
      gateway: perMessage(cpuUsed.reduce((a, b) => a + b, 0)),
      ...Object.fromEntries(gateway.processes.map((p, i) => [p.name, perMessage(cpuUsed[i]!)])),
      loadGeneratorSmscAndReceiver: Math.round((bench.user + bench.system) / N),
    },
    threads: Object.fromEntries(
      gateway.processes.map((p, i) => [
        p.name,
        busyThreads(cpuAtStart.threads[i]!, cpuAtEnd.threads[i]!, N),
      ]),
    ),
  }
}

/** Until every message has its final report, or none has come for SETTLE_MS. */
async function settled(receiver: CallbackReceiver): Promise<void> {
  let done = false
  const all = receiver.allFinal().then(() => (done = true))
  let finals = -1
  let since = performance.now()
  while (!done) {
    await Promise.race([all, new Promise((r) => setTimeout(r, 100))])
    const now = receiver.counts().finals
    if (now !== finals) {
      finals = now
      since = performance.now()
    } else if (performance.now() - since > SETTLE_MS) {
      return
    }
  }
}

async function waitFor(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what}: not after 20 s`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : round((sorted[mid - 1]! + sorted[mid]!) / 2, 2)
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
