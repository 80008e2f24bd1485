import { LoadConnection } from './http-load.js'
import { cpuProbeMs } from './cpu-probe.js'
import { cpuMs } from './proc-stats.js'
import { BENCH_TOKEN, startBenchServer } from './server-process.js'
import { ensureWrk, runWrk } from './wrk.js'

// GET /l/{code} with click recording on: the built gateway in its own process (--role api,
// SQLite WAL), a lean keep-alive client (http-load.ts) on CONNECTIONS connections, each with one
// request in flight. Clicks come from rotating public addresses (X-Forwarded-For from the trusted
// loopback proxy) and user agents, so the recorder parses agents and looks countries up as in
// production. Three phases: saturated (every connection busy); the same load from wrk, which
// leaves the gateway the CPU a Node client takes (half the machine's two cores); then paced at
// the target rate (BENCH_REDIRECT_RATE, default 10,000/s). After the load, the bench waits until
// every answered click is in the store.

const CONNECTIONS = 32
/** wrk's runs, by connections: each run keeps that many requests in flight. */
const WRK_CONNECTIONS = (process.env.BENCH_WRK_CONNECTIONS ?? '8,16').split(',').map(Number)
const CAMPAIGNS = 50
/** The paced phase offers this many redirects a second: the target. */
const PACED_RATE = Number(process.env.BENCH_REDIRECT_RATE ?? 10_000)
const AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'WhatsApp/2.23.20.0 A',
]
const ADDRESSES = ['8.8.8.8', '85.214.132.117', '1.1.1.1', '2001:4860:4860::8888', '203.0.113.9']

export async function benchRedirects(seconds: number) {
  const server = await startBenchServer({ TAUBE_TRUST_PROXY: '127.0.0.1' }, 'api')
  try {
    const codes: string[] = []
    for (let i = 0; i < CAMPAIGNS; i++) {
      const r = await fetch(`${server.url}/short_link_campaigns`, {
        method: 'POST',
        headers: { 'x-lox24-auth-token': BENCH_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 1, name: `bench ${i}`, url: `https://shop.example.com/${i}` }),
      })
      if (r.status !== 201) throw new Error(`campaign: ${r.status} ${await r.text()}`)
      codes.push(((await r.json()) as { id: string }).id)
    }
    const connections = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => LoadConnection.open(server.url)),
    )
    let redirected = 0
    const load = async (durationS: number) => {
      const latencies: number[] = []
      const cpuBefore = cpuMs(server.pid)
      let n = 0
      let failures = 0
      const until = performance.now() + durationS * 1000
      await Promise.all(
        connections.map(async (c, k) => {
          for (let i = k; performance.now() < until; i += CONNECTIONS) {
            const t = performance.now()
            const r = await c.request('GET', `/l/${codes[i % CAMPAIGNS]}`, {
              'user-agent': AGENTS[i % AGENTS.length]!,
              'x-forwarded-for': ADDRESSES[i % ADDRESSES.length]!,
              referer: 'https://mail.example.org/',
            })
            latencies.push(performance.now() - t)
            if (r.status === 302) redirected++
            else failures++
            n++
          }
        }),
      )
      // Clicks answered now are written up to 200 ms later: wait for that share of the CPU.
      await new Promise((r) => setTimeout(r, 500))
      const serverCpuMs = cpuMs(server.pid) - cpuBefore
      latencies.sort((a, b) => a - b)
      const at = (q: number) =>
        round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!)
      return {
        redirectsPerSecond: Math.round(n / durationS),
        failures,
        // CPU of the gateway process per redirect, the click's parsing and writing included:
        // less bent by other load on a shared machine than the rate.
        serverCpuMicrosPerRedirect: Math.round((serverCpuMs * 1000) / Math.max(1, n)),
        latencyMs: { p50: at(0.5), p99: at(0.99), max: round(latencies[latencies.length - 1]!) },
      }
    }
    // Offered at a fixed rate, each latency taken from the moment its request was due, so a
    // stall counts for every request it held up (no coordinated omission).
    const paced = async (rate: number, durationS: number) => {
      const free = [...connections]
      const due: number[] = []
      const latencies: number[] = []
      let failures = 0
      let issued = 0
      let sent = 0
      let finished = 0
      let allIssued = false
      const began = performance.now()
      await new Promise<void>((done) => {
        const send = (c: LoadConnection, dueAt: number) => {
          const i = sent++
          void c
            .request('GET', `/l/${codes[i % CAMPAIGNS]}`, {
              'user-agent': AGENTS[i % AGENTS.length]!,
              'x-forwarded-for': ADDRESSES[i % ADDRESSES.length]!,
              referer: 'https://mail.example.org/',
            })
            .then((r) => {
              latencies.push(performance.now() - dueAt)
              if (r.status === 302) redirected++
              else failures++
              finished++
              const next = due.shift()
              if (next !== undefined) send(c, next)
              else if (allIssued && finished === issued) done()
              else free.push(c)
            })
        }
        // Requests fall due at the rate for durationS; those due while every connection is busy
        // wait for one, their wait counted.
        const tick = () => {
          const elapsedMs = Math.min(performance.now() - began, durationS * 1000)
          for (const owed = Math.floor((elapsedMs / 1000) * rate); issued < owed; issued++) {
            const dueAt = began + (issued / rate) * 1000
            const c = free.pop()
            if (c) send(c, dueAt)
            else due.push(dueAt)
          }
          if (elapsedMs < durationS * 1000) setTimeout(tick, 1)
          else {
            allIssued = true
            if (finished === issued) done()
          }
        }
        tick()
      })
      const elapsedS = (performance.now() - began) / 1000
      latencies.sort((a, b) => a - b)
      const at = (q: number) =>
        round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!)
      return {
        offeredPerSecond: rate,
        answeredPerSecond: Math.round(finished / elapsedS),
        failures,
        latencyMs: { p50: at(0.5), p99: at(0.99), max: round(latencies[latencies.length - 1]!) },
      }
    }

    await load(2) // warm-up: JIT, the link cache, the country database
    const saturated = await load(seconds)
    ensureWrk()
    const withWrk = []
    for (const connections of WRK_CONNECTIONS) {
      const probeBefore = cpuProbeMs()
      const wrkCpuBefore = cpuMs(server.pid)
      const wrk = await runWrk({
        url: server.url,
        connections,
        threads: 1,
        seconds,
        expectStatus: 302,
        script: wrkScript(codes),
      })
      await new Promise((r) => setTimeout(r, 500))
      redirected += wrk.requests - wrk.failures
      withWrk.push({
        connections,
        // This machine's speed before and after (ms of a fixed workload: lower is faster).
        cpuProbeMs: [probeBefore, cpuProbeMs()],
        ...wrk,
        serverCpuMicrosPerRedirect: Math.round(
          ((cpuMs(server.pid) - wrkCpuBefore) * 1000) / Math.max(1, wrk.requests),
        ),
      })
    }
    const atTarget = await paced(PACED_RATE, seconds)
    for (const c of connections) c.close()

    // Every answered click must reach the store: the write-behind runs on.
    const loadEnded = performance.now()
    let recorded = 0
    for (;;) {
      recorded = 0
      for (const code of codes) {
        const r = await fetch(`${server.url}/short_link_campaigns/${code}/requests`, {
          headers: { 'x-lox24-auth-token': BENCH_TOKEN },
        })
        recorded += ((await r.json()) as { 'hydra:totalItems': number })['hydra:totalItems']
      }
      if (recorded >= redirected || performance.now() - loadEnded > 60_000) break
      await new Promise((r) => setTimeout(r, 200))
    }
    return {
      name: 'redirects',
      description: `GET /l/{code} (302) with click recording on, against the built server in its own process (--role api, SQLite WAL, clicks written in their own thread); ${CONNECTIONS} keep-alive connections of a Node client, one request in flight each (saturated); wrk with ${WRK_CONNECTIONS.join(' and then ')} connections (withWrk); then ${PACED_RATE}/s offered by the Node client with latency from each request's due time (atTarget); ${CAMPAIGNS} links, rotating user agents and public addresses; load generators on the same machine`,
      durationSeconds: seconds,
      saturated,
      withWrk,
      atTarget,
      target: { redirectsPerSecond: 10_000, p99Ms: 5 },
      clicks: {
        answered: redirected,
        recorded,
        allRecordedWithinMs: Math.round(performance.now() - loadEnded),
      },
    }
  } finally {
    await server.stop()
  }
}

/** The same rotation of links, agents and addresses as the Node client's, in wrk's Lua. */
function wrkScript(codes: readonly string[]): string {
  const list = (xs: readonly string[]) => `{${xs.map((x) => JSON.stringify(x)).join(', ')}}`
  return `
local codes = ${list(codes)}
local agents = ${list(AGENTS)}
local addresses = ${list(ADDRESSES)}
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", "/l/" .. codes[i % #codes + 1], {
    ["User-Agent"] = agents[i % #agents + 1],
    ["X-Forwarded-For"] = addresses[i % #addresses + 1],
    ["Referer"] = "https://mail.example.org/",
  })
end`
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100
}
